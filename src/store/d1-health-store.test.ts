// The HealthStore suite on D1 served by workerd (Miniflare), offline.
import { afterAll } from 'vitest';
import { healthStoreSuite } from '../health/health-store.suite.ts';
import { createD1HealthStore } from './d1-health-store.ts';
import { startTestD1 } from './d1-test-support.ts';

const d1 = startTestD1();
afterAll(() => d1.close());

healthStoreSuite('D1 (workerd)', async () => createD1HealthStore(await d1.fresh()));

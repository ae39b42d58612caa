// The AlertStore suite on D1 served by workerd (Miniflare), offline.
import { afterAll } from 'vitest';
import { alertStoreSuite } from '../alerts/alert-store.suite.ts';
import { createD1AlertStore } from './d1-alert-store.ts';
import { startTestD1 } from './d1-test-support.ts';

const d1 = startTestD1();
afterAll(() => d1.close());

alertStoreSuite('D1 (workerd)', async () => createD1AlertStore(await d1.fresh()));

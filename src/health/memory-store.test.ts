import { healthStoreSuite } from './health-store.suite.ts';
import { createMemoryHealthStore } from './memory-store.ts';

healthStoreSuite('memory', async () => createMemoryHealthStore());

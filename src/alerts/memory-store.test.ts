import { alertStoreSuite } from './alert-store.suite.ts';
import { createMemoryAlertStore } from './memory-store.ts';

alertStoreSuite('memory', async () => createMemoryAlertStore());

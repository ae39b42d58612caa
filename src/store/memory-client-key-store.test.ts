import { clientKeyStoreSuite } from './client-key-store.suite.ts';
import { createMemoryClientKeyStore } from './memory-client-key-store.ts';

clientKeyStoreSuite('memory', async () => createMemoryClientKeyStore());

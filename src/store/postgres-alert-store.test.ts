// The shared AlertStore suite on PostgreSQL, each test in a schema of its own; then what only several instances show.
import { describe, expect, it } from 'vitest';
import { alertStoreSuite } from '../alerts/alert-store.suite.ts';
import type { Notification } from '../alerts/types.ts';
import { createPostgresAlertStore } from './postgres-alert-store.ts';
import { useTestSchemas } from './postgres-test-schemas.ts';

const schemas = useTestSchemas('alerts');

alertStoreSuite('PostgreSQL', async () => createPostgresAlertStore((await schemas.open()).pool));

const summary = (day: string): Notification => ({
  kind: 'daily-summary', id: `daily-summary/${day}`, day, fromMs: 0, toMs: 1, at: 2, incidents: [], tickets: null, waiting: [], channels: ['mail'],
});

describe('PostgreSQL alert store', () => {
  it('hands a channel head to one of several instances claiming at once, and the message is enqueued once', async () => {
    const schema = schemas.name();
    const instances = await Promise.all([schemas.open(schema), schemas.open(schema), schemas.open(schema)]);
    const stores = instances.map((db) => createPostgresAlertStore(db.pool));
    const added = await Promise.all(stores.map((store) => store.enqueue(summary('2025-03-04'), ['mail', 'hook'], 10)));
    expect(added.flat().sort()).toEqual(['daily-summary/2025-03-04@hook', 'daily-summary/2025-03-04@mail']);
    const claimed = await Promise.all(stores.map((store, index) => store.claim(`w${index}`, 20, 1_000)));
    expect(claimed.flat().map((entry) => entry.id).sort()).toEqual(['daily-summary/2025-03-04@hook', 'daily-summary/2025-03-04@mail']);
  });
});

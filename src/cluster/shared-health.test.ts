import { describe, expect, it } from 'vitest';
import type { HealthSnapshot } from '../health/snapshot.ts';
import { createMemoryClusterStore } from './memory-store.ts';
import { createSharedHealth } from './shared-health.ts';

const noTimers = { setTimeout: () => undefined, clearTimeout: () => undefined };

/** A registry whose land refuses commune 21085: judged operational overall, `not-provisioned` as that commune sees it. */
function leaderRegistry() {
  const upstream = (state: string, reasons: string[]) => ({ upstream: 'land', state, reasons, notProvisionedCommunes: ['21085'] });
  return {
    snapshot(options: { communeCode?: string | undefined; communeAliases?: readonly string[] | undefined } = {}) {
      const refused = [options.communeCode, ...(options.communeAliases ?? [])].includes('21085');
      return { at: 1, upstreams: [refused ? upstream('not-provisioned', ['not-provisioned']) : upstream('operational', [])] } as unknown as HealthSnapshot;
    },
  };
}
const followerRegistry = { snapshot: () => ({ at: 1, upstreams: [] }) as unknown as HealthSnapshot };

describe('shared health', () => {
  it("serves the leader's view of a commune on the other instances: land not provisioned for it, whichever code it is asked by", async () => {
    const store = createMemoryClusterStore();
    const { token } = (await store.acquireLease('leader', 10_000))!;
    const leader = createSharedHealth({ local: leaderRegistry(), store, holder: 'leader', leaderToken: () => token, everyMs: 1_000, timers: noTimers });
    const follower = createSharedHealth({ local: followerRegistry, store, holder: 'follower', leaderToken: () => undefined, everyMs: 1_000, timers: noTimers });
    await leader.sync();
    await follower.sync();
    const land = (options?: { communeCode?: string; communeAliases?: string[] }) => follower.registry.snapshot(options).upstreams[0];
    expect(land()).toMatchObject({ state: 'operational', reasons: [] });
    expect(land({ communeCode: '21085' })).toMatchObject({ state: 'not-provisioned', reasons: ['not-provisioned'] });
    expect(land({ communeCode: '26734', communeAliases: ['21085'] })).toMatchObject({ state: 'not-provisioned' });
    expect(land({ communeCode: '21088' })).toMatchObject({ state: 'operational' });
  });
});

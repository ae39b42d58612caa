import { describe, expect, it } from 'vitest';
import { createMaintenanceSchedule } from './maintenance.ts';
import { createMemoryAlertStore } from './memory-store.ts';

describe('maintenance schedule', () => {
  it('puts configured and created windows in one live list, and keeps created ones across a restart', async () => {
    const store = createMemoryAlertStore();
    let ids = 0;
    const options = { configured: [{ upstream: 'land' as const, fromMs: 0, toMs: 1_000, note: 'Cấu hình' }], store, now: () => 500, newId: () => String(++ids) };
    const schedule = createMaintenanceSchedule(options);
    const live = schedule.windows();
    const created = await schedule.add({ upstream: 'population', fromMs: 600, toMs: 2_000, note: 'Nâng cấp máy chủ' });
    expect(created).toEqual({ id: 'mnt_1', upstream: 'population', fromMs: 600, toMs: 2_000, note: 'Nâng cấp máy chủ', source: 'admin', createdAt: 500 });
    expect(live).toHaveLength(2); // the same array health holds
    expect(schedule.list(1_000).map((entry) => entry.id)).toEqual(['mnt_1']);

    const restarted = createMaintenanceSchedule(options);
    await restarted.load();
    expect(restarted.list(0).map((entry) => [entry.id, entry.source])).toEqual([['config-1', 'config'], ['mnt_1', 'admin']]);
  });
});

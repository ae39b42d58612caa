// The /__sim/* control API: faults, stats, sample and simulator-specific actions. Never affected by faults.
import type { FaultController } from './faults.ts';
import { json } from './respond.ts';
import type { SimRequest, SimResponse } from './respond.ts';
import type { StatsRecorder } from './stats.ts';

export const ADMIN_PREFIX = '/__sim/';

export interface AdminContext {
  faults: FaultController;
  stats: StatsRecorder;
  sample: unknown;
  /** Extra actions keyed "METHOD /__sim/path", e.g. "POST /__sim/revoke-tokens". */
  actions: Record<string, () => void>;
}

function putFaults(faults: FaultController, body: string): SimResponse {
  let patch: unknown;
  try {
    patch = JSON.parse(body || '{}');
  } catch {
    return json(400, { error: 'body must be JSON' });
  }
  try {
    return json(200, faults.set(patch as Parameters<FaultController['set']>[0]));
  } catch (error) {
    return json(400, { error: (error as Error).message });
  }
}

export function handleAdmin(request: SimRequest, context: AdminContext): SimResponse {
  const route = `${request.method} ${request.path}`;
  switch (route) {
    case 'GET /__sim/faults':
      return json(200, context.faults.get());
    case 'PUT /__sim/faults':
      return putFaults(context.faults, request.body);
    case 'DELETE /__sim/faults':
      context.faults.clear();
      return json(200, context.faults.get());
    case 'GET /__sim/stats':
      return json(200, context.stats.snapshot());
    case 'POST /__sim/stats/reset':
      context.stats.reset();
      return json(200, context.stats.snapshot());
    case 'GET /__sim/sample':
      return json(200, context.sample);
    default: {
      const action = context.actions[route];
      if (action) {
        action();
        return json(200, { ok: true });
      }
      return json(404, { error: `no simulator control at ${route}` });
    }
  }
}

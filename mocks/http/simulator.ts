// Assembles a Simulator handle from an upstream's routes and style: fault controller, stats and the server.
import { getDataset } from '../data/dataset.ts';
import type { Dataset } from '../data/dataset.ts';
import { DEFAULT_SEED } from '../data/dataset.ts';
import type { Simulator, SimulatorName, SimulatorOptions } from '../types.ts';
import { createFaultController } from './faults.ts';
import type { SimRequest } from './respond.ts';
import { startSimServer } from './server.ts';
import type { Route, UpstreamStyle } from './server.ts';
import { createStatsRecorder } from './stats.ts';
import type { StatsRecorder, StatsRecorderOptions } from './stats.ts';

/** What one upstream contributes; everything else is shared. */
export interface UpstreamDefinition {
  name: SimulatorName;
  routes: readonly Route[];
  style: UpstreamStyle;
  stats?: StatsRecorderOptions;
  actions?: Record<string, () => void>;
  observe?: (request: SimRequest, stats: StatsRecorder) => void;
  /** See `SimServerOptions.requestIdOf`. */
  requestIdOf?: (request: SimRequest) => string | undefined;
}

/** Loads the data set for the options' seed (shared across simulators in one process). */
export function datasetFor(options: SimulatorOptions): Dataset {
  return getDataset(options.seed ?? DEFAULT_SEED);
}

/** Differs per upstream so three simulators with one seed do not fail in lockstep. */
const FAULT_SEED_SALT: Record<SimulatorName, number> = { population: 0x1001, 'civil-status': 0x2002, land: 0x3003 };

export async function startSimulator(options: SimulatorOptions, definition: UpstreamDefinition): Promise<Simulator> {
  const faults = createFaultController((options.seed ?? DEFAULT_SEED) ^ FAULT_SEED_SALT[definition.name]);
  const stats = createStatsRecorder(definition.stats);
  const observe = definition.observe;
  const server = await startSimServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    routes: definition.routes,
    style: definition.style,
    faults,
    stats,
    sample: datasetFor(options).sample,
    actions: definition.actions ?? {},
    ...(observe ? { observe: (request: SimRequest) => observe(request, stats) } : {}),
    ...(definition.requestIdOf ? { requestIdOf: definition.requestIdOf } : {}),
  });
  return {
    name: definition.name,
    url: server.url,
    faults: { get: faults.get, set: faults.set, clear: faults.clear },
    stats: stats.snapshot,
    resetStats: stats.reset,
    waitForStats: (predicate) => new Promise((resolve) => {
      const check = (): boolean => {
        const snapshot = stats.snapshot();
        if (!predicate(snapshot)) return false;
        unsubscribe();
        resolve(snapshot);
        return true;
      };
      const unsubscribe = stats.subscribe(check);
      check();
    }),
    close: server.close,
  };
}

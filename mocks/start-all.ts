// Starts the three simulators together, sharing one host and one seed (hence one data set and one sample).
import { startCivilStatusSimulator } from './civil-status.ts';
import { startLandSimulator } from './land.ts';
import { startPopulationSimulator } from './population.ts';
import type { CivilStatusSimulator, PopulationSimulator, Simulator } from './types.ts';

export interface StartSimulatorsOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Ports per simulator; 0 or absent = ephemeral. */
  ports?: { population?: number; civilStatus?: number; land?: number };
  seed?: number;
  now?: () => number;
  population?: { clientId?: string; clientSecret?: string; tokenTtlSeconds?: number };
  civilStatus?: { username?: string; password?: string; sessionIdleSeconds?: number };
  land?: { username?: string; password?: string };
}

export interface RunningSimulators {
  population: PopulationSimulator;
  civilStatus: CivilStatusSimulator;
  land: Simulator;
  close(): Promise<void>;
}

export async function startSimulators(options: StartSimulatorsOptions = {}): Promise<RunningSimulators> {
  const shared = {
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  };
  const started = await Promise.allSettled([
    startPopulationSimulator({ ...shared, ...options.population, port: options.ports?.population ?? 0 }),
    startCivilStatusSimulator({ ...shared, ...options.civilStatus, port: options.ports?.civilStatus ?? 0 }),
    startLandSimulator({ ...shared, ...options.land, port: options.ports?.land ?? 0 }),
  ]);
  const [population, civilStatus, land] = started;
  if (population.status === 'rejected' || civilStatus.status === 'rejected' || land.status === 'rejected') {
    // One failed (e.g. port in use): do not leave the others listening.
    await Promise.all(started.map((each) => each.status === 'fulfilled' ? each.value.close() : undefined));
    const failure = started.find((each) => each.status === 'rejected') as PromiseRejectedResult;
    throw failure.reason;
  }
  return {
    population: population.value,
    civilStatus: civilStatus.value,
    land: land.value,
    close: async () => {
      await Promise.all([population.value.close(), civilStatus.value.close(), land.value.close()]);
    },
  };
}

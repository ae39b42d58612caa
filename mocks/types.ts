// The simulators' public API types: options, the Simulator handle, and what tests can observe.
import type { FaultControl } from './http/faults.ts';
import type { SimulatorStats } from './http/stats.ts';

export type { FaultControl } from './http/faults.ts';
export type { ErrorMode, FaultPatch, Faults, RetryAfterFault } from './http/fault-schema.ts';
export type { SimulatorStats } from './http/stats.ts';
export type { Sample, ParcelRef } from './data/sample.ts';

export interface SimulatorOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Port to listen on; default 0 (an ephemeral port, read it from `url`). */
  port?: number;
  /** Seed of the synthetic data and of the fault draws; default DEFAULT_SEED. */
  seed?: number;
  /** Clock for token expiry and session idling, in epoch milliseconds; default Date.now. */
  now?: () => number;
}

export interface PopulationSimulatorOptions extends SimulatorOptions {
  clientId?: string;
  clientSecret?: string;
  /** Lifetime of an access token, in seconds; default 3600. */
  tokenTtlSeconds?: number;
  /** Commune codes (maDonVi) allowed to query; others get maKetQua 06. Default: the data set's communes. */
  permittedUnits?: readonly string[];
}

export interface CivilStatusSimulatorOptions extends SimulatorOptions {
  username?: string;
  password?: string;
  /** A session dies after this many idle seconds; default 900 (15 minutes). */
  sessionIdleSeconds?: number;
}

export interface LandSimulatorOptions extends SimulatorOptions {
  username?: string;
  password?: string;
}

export type SimulatorName = 'population' | 'civil-status' | 'land';

export interface Simulator {
  readonly name: SimulatorName;
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:9101. */
  readonly url: string;
  faults: FaultControl;
  stats(): SimulatorStats;
  /** Zeroes the counters (calls in flight stay in inFlight). */
  resetStats(): void;
  /**
   * Resolves with the stats as soon as `predicate` holds (checked now and after every change), so tests
   * synchronise on the simulator's own events instead of sleeping.
   */
  waitForStats(predicate: (stats: SimulatorStats) => boolean): Promise<SimulatorStats>;
  /** Stops listening and destroys every open connection, hanging calls included. */
  close(): Promise<void>;
}

export interface PopulationSimulator extends Simulator {
  /** Invalidates every access token before its expiry, like an upstream restart or key rotation. */
  revokeTokens(): void;
}

export interface CivilStatusSimulator extends Simulator {
  /** Ends every session at once; the next call with an old X-Phien answers HT401. */
  killSessions(): void;
}

// The one place the three upstream adapters are built and registered.
import type { UpstreamName } from '../domain/errors.ts';
import { createCivilStatusAdapter } from './civil-status/client.ts';
import type { CivilStatusAdapterOptions } from './civil-status/client.ts';
import type { Adapters, FetchLike } from './contract.ts';
import type { AdapterEventListener } from './events.ts';
import { createLandAdapter } from './land/client.ts';
import type { LandAdapterOptions } from './land/client.ts';
import type { CommonAdapterOptions, Sleep } from './options.ts';
import { createPopulationAdapter } from './population/client.ts';
import type { PopulationAdapterOptions } from './population/client.ts';

export interface CreateAdaptersOptions {
  population: Omit<PopulationAdapterOptions, 'fetch'>;
  civilStatus: Omit<CivilStatusAdapterOptions, 'fetch'>;
  land: Omit<LandAdapterOptions, 'fetch'>;
  /** The HTTP client of each upstream (its own connection pool in production). */
  fetchFor: (upstream: UpstreamName) => FetchLike;
  /** Defaults for all three, unless an upstream's own options set them. */
  now?: (() => number) | undefined;
  sleep?: Sleep | undefined;
  onEvent?: AdapterEventListener | undefined;
}

export function createAdapters(options: CreateAdaptersOptions): Adapters {
  function withDefaults<T extends Omit<CommonAdapterOptions, 'fetch'>>(own: T) {
    return { ...own, now: own.now ?? options.now, sleep: own.sleep ?? options.sleep, onEvent: own.onEvent ?? options.onEvent };
  }
  return {
    population: createPopulationAdapter({ ...withDefaults(options.population), fetch: options.fetchFor('population') }),
    civilStatus: createCivilStatusAdapter({ ...withDefaults(options.civilStatus), fetch: options.fetchFor('civil-status') }),
    land: createLandAdapter({ ...withDefaults(options.land), fetch: options.fetchFor('land') }),
  };
}

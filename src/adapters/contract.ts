// The one contract every upstream adapter satisfies. An adapter is the only code that knows its upstream's
// wire format; it returns canonical domain objects or throws one error of the domain error family.
import type { Citizen, IdentityCheck, IdentitySubject } from '../domain/citizen.ts';
import type { BirthRecord, DeathRecord, MaritalStatus, MarriageRecord } from '../domain/civil-status.ts';
import type { Parcel, ParcelKey } from '../domain/land.ts';
import type { UpstreamName } from '../domain/errors.ts';

/** What an adapter sends: a subset of the Web RequestInit. */
export interface UpstreamRequestInit {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** What an adapter reads of an answer: a subset of the Web Response, so Web fetch's answers satisfy it. */
export interface UpstreamResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  /** Releases a body that will not be read. */
  readonly body: { cancel(): Promise<void> } | null;
}

/**
 * The HTTP client an adapter is given. Web fetch satisfies it (tests use it with msw); production uses undici's
 * `Pool.dispatch` behind it (src/runtime/pools.ts), which costs much less per call than undici's fetch or `Pool.request`.
 */
export type FetchLike = (url: string, init: UpstreamRequestInit) => Promise<UpstreamResponse>;

/** Who asks, for whom and why; passed to upstreams that want it (the population system does). */
export interface RequestContext {
  /** The commune asking (maDonVi), 5 digits. */
  communeCode: string;
  /** The officer's own personal ID (maCanBo). */
  officerId: string;
  /** The procedure or legal basis (mucDich). */
  purpose: string;
  /** The dossier code, when there is one. */
  caseId?: string | undefined;
  /** Unique per logical request (maYeuCau): a retry or a replay from the queue carries the same one. */
  requestId: string;
  /** Aborts the upstream request (deadline passed, caller gone). */
  signal: AbortSignal;
}

export interface Adapter {
  readonly upstream: UpstreamName;
  /** Fetches a token / logs in without calling a business operation (for health probes). Throws classified errors. */
  checkCredentials(signal: AbortSignal): Promise<void>;
}

export interface PopulationAdapter extends Adapter {
  readonly upstream: 'population';
  lookupCitizen(personalId: string, request: RequestContext): Promise<Citizen>;
  verifyIdentity(subject: IdentitySubject, request: RequestContext): Promise<IdentityCheck>;
}

export interface CivilStatusAdapter extends Adapter {
  readonly upstream: 'civil-status';
  findBirths(personalId: string, request: RequestContext): Promise<BirthRecord[]>;
  findMarriages(personalId: string, request: RequestContext): Promise<MarriageRecord[]>;
  findDeaths(personalId: string, request: RequestContext): Promise<DeathRecord[]>;
  maritalStatus(personalId: string, request: RequestContext): Promise<MaritalStatus>;
}

export interface LandAdapter extends Adapter {
  readonly upstream: 'land';
  findParcel(key: ParcelKey, request: RequestContext): Promise<Parcel>;
  findParcelByCertificate(serial: string, request: RequestContext): Promise<Parcel>;
  /** GET the WSDL: the land system's own sign of life. */
  fetchWsdl(signal: AbortSignal): Promise<void>;
}

export interface Adapters {
  population: PopulationAdapter;
  civilStatus: CivilStatusAdapter;
  land: LandAdapter;
}

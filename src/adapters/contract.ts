// The one contract every upstream adapter satisfies. An adapter is the only code that knows its upstream's
// wire format; it returns canonical domain objects or throws one error of the domain error family.
import type { Citizen, IdentityCheck, IdentitySubject } from '../domain/citizen.ts';
import type { BirthRecord, DeathRecord, MaritalStatus, MarriageRecord } from '../domain/civil-status.ts';
import type { Parcel, ParcelKey } from '../domain/land.ts';
import type { UpstreamName } from '../domain/errors.ts';

/** The HTTP client an adapter is given: the Web fetch signature (undici's fetch with a per-upstream pool in production). */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

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

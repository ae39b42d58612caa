// What instances of one province share to act as one: the leader lease (with its fencing token), the leader's
// published health snapshot, and each upstream's drain token bucket and drain slots. PostgreSQL for several instances, memory for one.

/** A lease held: the fencing token grows each time the lease changes hands, so an old leader's token goes stale. */
export interface LeaseGrant {
  token: number;
}

export interface ClusterStore {
  /**
   * Takes the lease for `holder` if it is free or lapsed, or renews it if `holder` has it, for `leaseMs` by the
   * store's clock. Undefined when another holder has it.
   */
  acquireLease(holder: string, leaseMs: number): Promise<LeaseGrant | undefined>;
  /** True while `holder` still holds the lease under `token` and it has not lapsed (the fence before a send). */
  holdsLease(holder: string, token: number): Promise<boolean>;
  /** Gives the lease up at once (a clean stop), if `holder` has it. */
  releaseLease(holder: string): Promise<void>;
  /** Stores the leader's health snapshot (JSON), unless `token` is stale. */
  publishSnapshot(body: string, holder: string, token: number): Promise<boolean>;
  /** The last published snapshot and when it was stored (epoch ms), if any. */
  readSnapshot(): Promise<{ body: string; at: number } | undefined>;
  /**
   * Takes up to `wanted` tokens from the named bucket (refilled at `ratePerSecond`, holding at most `burst`);
   * returns how many were taken, the tokens left after the take and, when fewer were taken, ms until the next one.
   */
  takeTokens(bucket: string, wanted: number, ratePerSecond: number, burst: number): Promise<{ taken: number; waitMs: number; left: number }>;
  /**
   * Takes up to `wanted` of the `limit` slots named `name` that no one holds (or whose lease lapsed) for `holder`,
   * for `leaseMs` by the store's clock; returns the slot numbers taken (none while all are held).
   */
  acquireSlots(name: string, holder: string, wanted: number, limit: number, leaseMs: number): Promise<number[]>;
  /** Frees the given slots if `holder` still holds them. */
  releaseSlots(name: string, holder: string, slots: readonly number[]): Promise<void>;
}

// An upstream registered at start, beyond the built-in three: its description, its one configuration block, its
// adapter factory, its probe and how its verification is performed. A composition given such a definition builds
// its pool, pipeline, drainer, health record, metrics and alert state like a built-in upstream's.
import type { AdapterEvent } from '../adapters/events.ts';
import type { FetchLike, RequestContext } from '../adapters/contract.ts';
import type { UpstreamDescription, DrainSettings } from '../domain/upstreams.ts';
import type { ResilienceConfig } from '../config/resilience.ts';

/** An upstream's configuration block: the keys every `upstreams.<key>` block has. */
export interface UpstreamBlock {
  baseUrl: string;
  /** Keep-alive connections in its pool. */
  connections: number;
  /** Deadline of one call, retries included, ms. */
  deadlineMs: number;
  operationDeadlinesMs: Record<string, number>;
  resilience?: ResilienceConfig | undefined;
}

/** A probe of a registered upstream: thresholds as in `health.probes`, and what one probe does. */
export interface RegisteredProbe<A> {
  intervalMs: number;
  timeoutMs: number;
  failureThreshold: number;
  successThreshold: number;
  /** One probe; throwing (a classified error) is a failed probe. */
  run(adapter: A, request: RequestContext): Promise<unknown>;
}

export interface UpstreamDefinition<A = unknown> extends UpstreamDescription {
  /** Its configuration block. */
  config: UpstreamBlock;
  /** Its drain settings; `drainDefaults` when absent. */
  drain?: DrainSettings | undefined;
  /** Builds its adapter on the platform's fetch for its pool. */
  createAdapter(deps: { fetch: FetchLike; onEvent: (event: AdapterEvent) => void }): A;
  probe?: RegisteredProbe<A> | undefined;
  /** Performs its verification (the ticket's subject) through the adapter. */
  verify(adapter: A, subject: Record<string, unknown>, context: RequestContext): Promise<unknown>;
}

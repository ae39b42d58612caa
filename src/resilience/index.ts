// Public API of the resilience layer.

export type { CallContext, CallOutcome, Handler, Policy } from './types.ts';
export { compose } from './compose.ts';
export { safeListener, type BreakerState, type ResilienceEvent, type ResilienceListener } from './events.ts';
export { sleep, type Sleep } from './sleep.ts';
export { createTimeoutPolicy, type TimeoutPolicyOptions } from './timeout.ts';
export { backoffDelayMs, retryDelayMs, type BackoffOptions, type RetryDelayOptions } from './backoff.ts';
export { createRetryBudget, type RetryBudget, type RetryBudgetOptions, type RetryBudgetSnapshot } from './retry-budget.ts';
export { createRetryPolicy, type RetryPolicy, type RetryPolicyOptions } from './retry.ts';
export { createBreakerPolicy, type BreakerPolicy, type BreakerPolicyOptions, type BreakerSnapshot } from './breaker.ts';
export { countsAsBreakerFailure, nextResetTimeoutMs } from './breaker-strategy.ts';
export { createBulkheadPolicy, type BulkheadPolicy, type BulkheadPolicyOptions, type BulkheadSnapshot } from './bulkhead.ts';
export {
  createCachePolicy, type CacheOperationSettings, type CachePolicy, type CachePolicyOptions, type CacheSnapshot,
} from './cache.ts';
export {
  createSingleFlightPolicy, type SingleFlightPolicy, type SingleFlightPolicyOptions, type SingleFlightSnapshot,
} from './single-flight.ts';
export {
  createUpstreamPipeline, type PipelineSnapshot, type UpstreamCall, type UpstreamPipeline, type UpstreamPipelineOptions,
} from './pipeline.ts';

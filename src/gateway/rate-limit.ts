// Per-client rate limit, after the API-key middleware: each key spends one request of its allowance per call; over
// it the answer is a 429 problem with Retry-After. Every answer carries the IETF RateLimit-Policy and RateLimit
// fields (draft-ietf-httpapi-ratelimit-headers) so a client can pace itself before it is refused.
import type { Context, MiddlewareHandler } from 'hono';
import { addAnswerHeader } from './answer-headers.ts';
import type { GatewayEnv } from './env.ts';
import { sendProblem } from './errors.ts';
import type { Language } from './language.ts';
import { problem } from './problems.ts';
import type { RateLimitDecision, RateLimitPolicy, RateLimitStore } from '../resilience/rate-limit-bucket.ts';

/** The policy's name in the RateLimit fields: the allowance is per API key. */
const POLICY_NAME = '"api-key"';

export function createRateLimit(store: RateLimitStore): MiddlewareHandler<GatewayEnv> {
  // Each policy is announced in the same words on every answer; weakly held, should clients be rebuilt.
  const policyFields = new WeakMap<RateLimitPolicy, string>();
  // Not async: no promise beyond the store's own, as on the cache-hit path every frame shows (auth.ts alike).
  return function rateLimit(c, next) {
    const client = c.get('client');
    const policy = client.rateLimit;
    if (!policy) return next();
    let policyField = policyFields.get(policy);
    if (policyField === undefined) policyFields.set(policy, (policyField = rateLimitPolicyField(policy)));
    const decide = (decision: RateLimitDecision): Promise<Response | void> => {
      // Set before the handler runs, as request-context.ts explains: the server's fast path stays open.
      addAnswerHeader(c, 'RateLimit-Policy', policyField);
      addAnswerHeader(c, 'RateLimit', rateLimitField(decision));
      return decision.allowed ? next() : Promise.resolve(refuse(c, policy, decision));
    };
    // By key hash: unique per client, and not a secret if a shared store's rows are ever read.
    const decision = store.consume(client.keySha256, policy);
    return decision instanceof Promise ? decision.then(decide) : decide(decision);
  };
}

/** `"api-key";q=100;w=5`: the burst, and the seconds in which the average rate makes it (20/s here). */
export function rateLimitPolicyField(policy: RateLimitPolicy): string {
  return `${POLICY_NAME};q=${policy.burst};w=${Math.max(1, Math.round(policy.burst / policy.requestsPerSecond))}`;
}

/**
 * `"api-key";r=42;t=3`: requests the key may still make at once, and whole seconds until the whole burst is back;
 * with none left (r=0), until the next request is admitted, as in Retry-After.
 */
export function rateLimitField(decision: RateLimitDecision): string {
  return `${POLICY_NAME};r=${decision.remaining};t=${wholeSeconds(decision.remaining > 0 ? decision.fullInMs : decision.retryAfterMs)}`;
}

/** Never 0 while something is still to wait for: a client told 0 would try again at once. */
function wholeSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function refuse(c: Context<GatewayEnv>, policy: RateLimitPolicy, decision: RateLimitDecision): Response {
  const retryAfterSeconds = wholeSeconds(decision.retryAfterMs);
  const language = c.get('language');
  const body = problem('rate-limited', language, detail(language, policy, retryAfterSeconds), { retryAfterSeconds });
  return sendProblem(c, body, { 'Retry-After': String(retryAfterSeconds) });
}

function detail(language: Language, policy: RateLimitPolicy, retryAfterSeconds: number): string {
  return language === 'vi'
    ? `Mỗi khóa truy cập được gửi tối đa ${policy.burst} yêu cầu cùng lúc, sau đó trung bình ${policy.requestsPerSecond} yêu cầu mỗi giây. Vui lòng thử lại sau ${retryAfterSeconds} giây.`
    : `Each API key may send up to ${policy.burst} requests at once, then ${policy.requestsPerSecond} per second on average. Please try again in ${retryAfterSeconds} ${retryAfterSeconds === 1 ? 'second' : 'seconds'}.`;
}

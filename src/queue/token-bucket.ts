// A token bucket: the drain rate of one upstream. Pure state over an injected clock.

export interface TokenBucketOptions {
  /** Tokens added per second (the sustained rate). */
  ratePerSecond: number;
  /** Most tokens held at once (the largest burst). Default 1: strictly paced. */
  burst?: number;
  /** Clock, epoch ms. */
  now: () => number;
}

export interface TokenBucket {
  /** Whole tokens available now. */
  available(): number;
  /** Takes one token; false when none is available. */
  take(): boolean;
  /** Ms until the next token is available (0 when one is). */
  msUntilNext(): number;
}

export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const capacity = Math.max(1, options.burst ?? 1);
  const perMs = options.ratePerSecond / 1000;
  let tokens = capacity;
  let updatedAt = options.now();
  const refill = () => {
    const at = options.now();
    tokens = Math.min(capacity, tokens + Math.max(0, at - updatedAt) * perMs);
    updatedAt = at;
  };
  return {
    available() {
      refill();
      return Math.floor(tokens + 1e-9);
    },
    take() {
      refill();
      if (tokens + 1e-9 < 1) return false;
      tokens -= 1;
      return true;
    },
    msUntilNext() {
      refill();
      return tokens + 1e-9 >= 1 ? 0 : Math.ceil((1 - tokens) / perMs);
    },
  };
}

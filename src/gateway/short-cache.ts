// Remembers a computed value per key for a short time, shared by the callers that ask meanwhile (concurrent ones
// included); bounded in the number of keys.

export interface ShortCacheOptions {
  /** How long a value is reused, in ms. */
  ttlMs: number;
  /** Keys kept at most; past it, expired entries are dropped, and everything if none has expired. */
  maxEntries: number;
}

/** `get(key, now, compute)`: the value computed for `key` less than `ttlMs` before `now` (epoch ms), else `compute()`. */
export type ShortCache<T> = (key: string, now: number, compute: () => Promise<T>) => Promise<T>;

export function createShortCache<T>(options: ShortCacheOptions): ShortCache<T> {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return function cached(key, now, compute) {
    const found = entries.get(key);
    // `now < at`: the clock went back; do not trust the entry.
    if (found && now - found.at < options.ttlMs && now >= found.at) return found.value;
    if (!found && entries.size >= options.maxEntries) {
      for (const [other, entry] of entries) if (now - entry.at >= options.ttlMs || now < entry.at) entries.delete(other);
      if (entries.size >= options.maxEntries) entries.clear();
    }
    const value = compute();
    entries.set(key, { at: now, value });
    // A failure is not remembered: the next caller tries again.
    value.catch(() => { if (entries.get(key)?.value === value) entries.delete(key); });
    return value;
  };
}

// `Retry-After` (RFC 9110 §10.2.3), read the same way wherever an answer carries it: upstreams, callback
// receivers, alert channels.

/** Delta-seconds or an HTTP-date → seconds from `nowMs` (≥ 0); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // An HTTP-date names a day and a time of day; anything else (e.g. '-5', which Date.parse reads as a year) is noise.
  const atMs = /[A-Za-z]{3}.*\d{2}:\d{2}:\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(atMs)) return undefined;
  return Math.max(0, Math.ceil((atMs - nowMs) / 1000));
}

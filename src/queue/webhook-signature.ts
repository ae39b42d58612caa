// Standard Webhooks signing (standardwebhooks.com): `webhook-signature: v1,<base64 HMAC-SHA256>` over
// `${webhook-id}.${webhook-timestamp}.${body}`, keyed with the bytes of a `whsec_<base64>` secret. Web Crypto only.

export interface WebhookHeaders {
  'webhook-id': string;
  /** Unix seconds. */
  'webhook-timestamp': string;
  /** Space-separated `v1,<base64>` signatures. */
  'webhook-signature': string;
}

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/** The key bytes of a `whsec_<base64>` secret (a secret without the prefix is read as base64 too). */
export function secretBytes(secret: string): Uint8Array<ArrayBuffer> {
  const base64 = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const binary = atob(base64);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', secretBytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    // A handful of clients: bounded in practice; cleared if a province ever rotates many secrets.
    if (keys.size > 1_000) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

function toBase64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** `v1,<base64 signature>` of one message. */
export async function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): Promise<string> {
  const signature = await crypto.subtle.sign('HMAC', await keyFor(secret), encoder.encode(`${id}.${timestampSeconds}.${body}`));
  return `v1,${toBase64(signature)}`;
}

/** The three headers of a signed message. */
export async function webhookHeaders(secret: string, id: string, timestampSeconds: number, body: string): Promise<WebhookHeaders> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': await signWebhook(secret, id, timestampSeconds, body),
  };
}

/**
 * What a receiver does: true when one of the `v1` signatures matches and the timestamp is within
 * `toleranceSeconds` (default 300) of `nowSeconds`. Provided for commune developers' tests and ours.
 */
export async function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): Promise<boolean> {
  const timestamp = Number(headers['webhook-timestamp']);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = await signWebhook(secret, headers['webhook-id'], timestamp, body);
  return headers['webhook-signature'].split(' ').some((candidate) => constantTimeEqual(candidate, expected));
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

// SHA-256 as lowercase hex, on Web Crypto (Node and Workers alike): API keys are kept and compared as this, never
// in clear (src/keys/manage.ts makes them, src/gateway/auth.ts checks them).
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

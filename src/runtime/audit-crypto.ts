// node:crypto for the audit log: the chain's SHA-256, HMAC references, Ed25519 checkpoint signing. Synchronous on
// purpose: a million-row verification cannot afford a promise per row.
import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, hash, sign, verify, type KeyObject } from 'node:crypto';
import type { CheckpointSigner } from '../audit/checkpoint.ts';
import type { Pseudonyms } from '../audit/pseudonyms.ts';
import type { ChainHasher } from '../audit/record.ts';

/** The hash input of the row being linked; synchronous use only, so one buffer serves every row. */
let scratch = Buffer.allocUnsafeSlow(2048);

/** The previous hash's 32 raw bytes, then the canonical row as UTF-8. */
export const sha256Chain: ChainHasher = (previousHashHex, canonical) => {
  // One reused buffer and the one-shot crypto.hash, not a Hash object with two updates or a new buffer a row: every
  // row is hashed as it is appended, cache hits included, and this is the cheapest way measured (docs/performance.md).
  const bytesNeeded = 32 + 3 * canonical.length;
  if (bytesNeeded > scratch.length) scratch = Buffer.allocUnsafeSlow(bytesNeeded);
  scratch.write(previousHashHex, 0, 32, 'hex');
  const written = scratch.write(canonical, 32, 'utf8');
  return hash('sha256', scratch.subarray(0, 32 + written), 'hex');
};

/** HMAC-SHA-256 references; the `subject:`/`officer:` prefixes keep an officer and a citizen with one ID apart. */
export function hmacPseudonyms(key: string): Pseudonyms {
  // Officers and hot subjects repeat call after call: a remembered reference saves an HMAC per row.
  const recent = new Map<string, string>();
  const reference = (kind: string, value: string) => {
    const input = `${kind}:${value}`;
    let ref = recent.get(input);
    if (ref === undefined) {
      ref = createHmac('sha256', key).update(input, 'utf8').digest('hex');
      if (recent.size >= 10_000) recent.clear();
      recent.set(input, ref);
    }
    return ref;
  };
  return {
    subject: (parts) => reference('subject', parts.join('/')),
    officer: (personalId) => reference('officer', personalId),
    searchable: true,
  };
}

/** An Ed25519 private key as PEM (PKCS#8) or as the base64 of its DER bytes (one line, fits an environment variable). */
export function ed25519Signer(privateKeyText: string): CheckpointSigner {
  const text = privateKeyText.trim();
  const privateKey = text.startsWith('-----')
    ? createPrivateKey(text)
    : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the audit signing key is ${privateKey.asymmetricKeyType ?? 'not an asymmetric key'}, not ed25519`);
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    sign: (message) => sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64'),
    verify: (message, signature) => verify(null, Buffer.from(message, 'utf8'), publicKey, Buffer.from(signature, 'base64')),
  };
}

function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

/** A new signing key: the private key as one base64 line (for the environment) and the public key as PEM. */
export function newEd25519Key(): { privateKeyBase64: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyBase64: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

// What an adapter may put into an error's context about what an upstream sent: never its words. An upstream's
// free text (moTa, thongBao, faultstring) becomes its length and a short hash, a payload its structure (keys and
// types), and a code stays only while it reads as a code. Upstreams echo citizens' names, birth dates, IDs and
// religion in such text, and no list of patterns catches all of that.

/** An upstream's free text, described without its words. */
export interface TextFingerprint {
  chars: number;
  /**
   * 32-bit FNV-1a of the text, 8 hex digits: enough to tell whether two answers said the same thing, and too short
   * to confirm a guess (about 230 twelve-digit IDs share each value).
   */
  fnv1a: string;
}

/** A raw payload we could not use, described without its values. */
export interface PayloadDescription extends TextFingerprint {
  /** Keys and value types, e.g. `{maKetQua:string,duLieu:{hoVaTen:string}}`, or element names for markup. */
  shape: string;
}

const SHAPE_MAX_CHARS = 300;
const SHAPE_MAX_DEPTH = 4;
const SHAPE_MAX_KEYS = 16;
const SCAN_MAX_CHARS = 4_000;
/** A key or element name worth keeping; anything else (a name used as a key, say) is shown as `?`. */
const NAME = /^[A-Za-z_$][\w$.-]{0,39}$/;
const CODE = /^[A-Za-z0-9][\w.:-]{0,47}$/;

export function fingerprint(text: string): TextFingerprint {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return { chars: text.length, fnv1a: (hash >>> 0).toString(16).padStart(8, '0') };
}

/**
 * The upstream's code (maKetQua, maLoi, faultcode, an OAuth error) as sent when it reads as a code: letters,
 * digits and `._:-`, no run of five digits. Otherwise `?` and its hash, so a hostile "code" is not logged either.
 */
export function upstreamCode(text: string): string {
  return CODE.test(text) && !/\d{5}/.test(text) ? text : `?${fingerprint(text).fnv1a}`;
}

/** Length, hash and shape of a raw payload; JSON by its keys and types, markup by its element names. */
export function describePayload(raw: string): PayloadDescription {
  return { ...fingerprint(raw), shape: clip(shapeOfText(raw.slice(0, SCAN_MAX_CHARS))) };
}

function shapeOfText(text: string): string {
  const trimmed = text.trimStart();
  try {
    return shapeOf(JSON.parse(text), 0);
  } catch {
    // Not (or not whole) JSON: fall through to what its syntax still shows.
  }
  if (trimmed.startsWith('<')) {
    const names = [...trimmed.matchAll(/<(?:[\w-]+:)?([A-Za-z_][\w.-]*)/g)].map((match) => keyOf(match[1]!));
    return `markup <${[...new Set(names)].join(' ')}>`;
  }
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const keys = [...trimmed.matchAll(/"((?:[^"\\]|\\.){0,64})"\s*:/g)].map((match) => keyOf(match[1]!));
    return `broken JSON with keys ${[...new Set(keys)].join(',') || '(none)'}`;
  }
  return trimmed === '' ? 'empty' : 'text';
}

function shapeOf(value: unknown, depth: number): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return depth >= SHAPE_MAX_DEPTH ? 'array' : `[${value.length > 0 ? shapeOf(value[0], depth + 1) : ''}]`;
  if (typeof value !== 'object') return typeof value;
  if (depth >= SHAPE_MAX_DEPTH) return 'object';
  const entries = Object.entries(value as Record<string, unknown>);
  const shown = entries.slice(0, SHAPE_MAX_KEYS).map(([key, member]) => `${keyOf(key)}:${shapeOf(member, depth + 1)}`);
  if (entries.length > SHAPE_MAX_KEYS) shown.push('…');
  return `{${shown.join(',')}}`;
}

function keyOf(key: string): string {
  return NAME.test(key) && !/\d{5}/.test(key) ? key : '?';
}

function clip(shape: string): string {
  return shape.length > SHAPE_MAX_CHARS ? `${shape.slice(0, SHAPE_MAX_CHARS - 1)}…` : shape;
}

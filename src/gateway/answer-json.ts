// The bytes of a lookup answer, `{"data":…,"meta":…}`, made once per cached value and meta. A cache hit hands back
// the very object it stored and its meta changes at most once a second (ageSeconds), so serialising and UTF-8
// encoding it on every hit would redo the same work: the citizen record is a two-byte string (Vietnamese), which
// Node scanned three times per response (length, Content-Length, write). Those scans showed in the cache-hit profile.
export type Presenter = (value: never) => unknown;

export interface AnswerMeta {
  source: string;
  fetchedAt: number;
  freshness: 'fresh' | 'cached' | 'stale';
  ageSeconds: number;
  /** A commune code asked in one unit scheme and answered by the upstream under another (land lookups). */
  unitTranslation?: { asked: { scheme: string; communeCode: string }; answered: { scheme: string; communeCode: string }; tried: string[] };
}

interface Memo {
  /** UTF-8 of `{"data":<json>,"meta":` */
  head: Uint8Array;
  last?: { meta: AnswerMeta; bytes: Uint8Array };
}

const AS_IS = Symbol('as-is');
const byPresenter = new Map<Presenter | typeof AS_IS, WeakMap<object, Memo>>();
const encoder = new TextEncoder();

/**
 * The answer's bytes. Remembered per value object and presenter while the value lives (weakly: an entry the cache
 * evicts takes its bytes with it, so memory stays within about twice the cache's own byte bound per presenter).
 * Presenters must be module-level functions (one map each), and a value must not be mutated once it is cached.
 * The bytes returned are shared between responses and must not be written to.
 */
export function answerBytes(value: unknown, meta: AnswerMeta, present?: Presenter): Uint8Array {
  // A fresh answer has just come from the upstream: it is remembered when the cache first serves it, not before,
  // so that uncached traffic (Cache-Control: no-cache, uncached operations) leaves no memo behind.
  if (typeof value !== 'object' || value === null || meta.freshness === 'fresh') return encoder.encode(`${headText(value, present)}${tailText(meta)}`);
  const key = present ?? AS_IS;
  let memos = byPresenter.get(key);
  if (!memos) byPresenter.set(key, (memos = new WeakMap()));
  let memo = memos.get(value);
  if (!memo) memos.set(value, (memo = { head: headOf(value, present) }));
  if (memo.last && sameMeta(memo.last.meta, meta)) return memo.last.bytes;
  const bytes = encode(memo.head, meta);
  memo.last = { meta, bytes };
  return bytes;
}

function headText(value: unknown, present: Presenter | undefined): string {
  const data = present ? present(value as never) : value;
  return `{"data":${JSON.stringify(data) ?? 'null'},"meta":`;
}

function headOf(value: unknown, present: Presenter | undefined): Uint8Array {
  return encoder.encode(headText(value, present));
}

function tailText(meta: AnswerMeta): string {
  return `${JSON.stringify({ ...meta, fetchedAt: new Date(meta.fetchedAt).toISOString() })}}`;
}

function encode(head: Uint8Array, meta: AnswerMeta): Uint8Array {
  const tail = encoder.encode(tailText(meta));
  const bytes = new Uint8Array(head.length + tail.length);
  bytes.set(head);
  bytes.set(tail, head.length);
  return bytes;
}

function sameMeta(a: AnswerMeta, b: AnswerMeta): boolean {
  return a.ageSeconds === b.ageSeconds && a.freshness === b.freshness && a.fetchedAt === b.fetchedAt && a.source === b.source &&
    a.unitTranslation === b.unitTranslation;
}

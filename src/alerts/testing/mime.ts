// Test only: reads what a mail client would show from a raw message — decoded headers (RFC 2047 encoded words)
// and the text/plain and text/html parts (quoted-printable or base64, UTF-8).

export interface ParsedMail {
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
}

function splitHead(raw: string): { head: Record<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const headText = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
  const head: Record<string, string> = {};
  for (const line of headText.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) head[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { head, body: raw.slice(at + 4) };
}

const utf8 = (bytes: number[]) => new TextDecoder().decode(Uint8Array.from(bytes));

export function decodeQuotedPrintable(text: string, header = false): string {
  const source = header ? text.replaceAll('_', ' ') : text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '=' && /^[0-9A-F]{2}$/i.test(source.slice(i + 1, i + 3))) {
      bytes.push(parseInt(source.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...new TextEncoder().encode(source[i]!));
    }
  }
  return utf8(bytes);
}

const decodeBase64 = (text: string) => utf8([...atob(text.replace(/\s+/g, ''))].map((char) => char.charCodeAt(0)));

/** RFC 2047: `=?UTF-8?B?…?=` and `=?UTF-8?Q?…?=`, adjacent words joined. */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_all, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B' ? decodeBase64(text) : decodeQuotedPrintable(text, true));
}

function decodePart(head: Record<string, string>, body: string): string {
  const encoding = (head['content-transfer-encoding'] ?? '').toLowerCase();
  if (encoding === 'base64') return decodeBase64(body);
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

export function parseMail(raw: string): ParsedMail {
  const { head, body } = splitHead(raw);
  const parsed: ParsedMail = { headers: head, subject: decodeHeader(head['subject'] ?? ''), text: '', html: '' };
  const visit = (partHead: Record<string, string>, partBody: string) => {
    const type = partHead['content-type'] ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith('multipart/') && boundary) {
      for (const chunk of partBody.split(`--${boundary}`).slice(1)) {
        if (chunk.startsWith('--')) break;
        const inner = splitHead(chunk.replace(/^\r\n/, ''));
        visit(inner.head, inner.body);
      }
    } else if (type.toLowerCase().startsWith('text/html')) {
      parsed.html = decodePart(partHead, partBody);
    } else if (type.toLowerCase().startsWith('text/plain')) {
      parsed.text = decodePart(partHead, partBody);
    }
  };
  visit(head, body);
  return parsed;
}

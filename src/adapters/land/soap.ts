// SOAP 1.1 framing for the land system: build a request envelope, read a response or a Fault.
import { XMLParser } from 'fast-xml-parser';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}

/** `<soap:Envelope><soap:Body><{operation}><{name}>{value}</{name}>…` with every value escaped. */
export function soapEnvelope(operation: string, fields: Record<string, string>): string {
  const children = Object.entries(fields).map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
    `<soap:Body><${operation}>${children}</${operation}></soap:Body></soap:Envelope>`
  );
}

// parseTagValue: false keeps every leaf a string, so codes such as '012' keep their leading zeros;
// namespace prefixes are dropped so any prefix the server picks reads the same.
const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  ignoreAttributes: true,
  trimValues: true,
  isArray: (tagName) => tagName === 'ChuSuDung',
});

/** Parses (and validates) an XML document; undefined when the text is not well-formed XML. */
export function parseXml(text: string): unknown {
  try {
    return parser.parse(text, true);
  } catch {
    return undefined;
  }
}

export interface SoapFault {
  faultcode: string;
  faultstring: string;
}

/** The Fault in a parsed envelope, if there is one. */
export function findFault(document: unknown): SoapFault | undefined {
  const fault = child(child(child(document, 'Envelope'), 'Body'), 'Fault');
  const faultcode = child(fault, 'faultcode');
  if (typeof faultcode !== 'string') return undefined;
  const faultstring = child(fault, 'faultstring');
  return { faultcode, faultstring: typeof faultstring === 'string' ? faultstring : '' };
}

/** `Envelope/Body/{operation}Response/{element}` of a parsed envelope (undefined when absent). */
export function findResult(document: unknown, operation: string, element: string): unknown {
  return child(child(child(child(document, 'Envelope'), 'Body'), `${operation}Response`), element);
}

function child(node: unknown, name: string): unknown {
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[name] : undefined;
}

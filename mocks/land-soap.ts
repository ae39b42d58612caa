// SOAP 1.1 plumbing for the land simulator: reading a request envelope and writing answers and faults
// in the land system's wire format (UPSTREAMS.md §3).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Citizen, Parcel } from './data/types.ts';
import { XML_TYPE } from './http/respond.ts';
import type { SimResponse } from './http/respond.ts';

const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const element = (name: string, value: string): string => `<${name}>${escapeXml(value)}</${name}>`;

function envelope(body: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<soap:Envelope xmlns:soap="${SOAP_NS}"><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

/** A SOAP fault; the contract puts every fault on HTTP 500. */
export function soapFault(faultcode: string, faultstring: string, outcome: SimResponse['outcome'] = 'succeeded'): SimResponse {
  const body = envelope(`<soap:Fault>${element('faultcode', faultcode)}${element('faultstring', faultstring)}</soap:Fault>`);
  return { status: 500, headers: { 'content-type': XML_TYPE }, body, outcome };
}

/** The same answer with `text` as its faultstring; an answer without a fault is returned unchanged. */
export function withFaultstring(response: SimResponse, text: string): SimResponse {
  return { ...response, body: response.body.replace(/<faultstring>[\s\S]*?<\/faultstring>/, () => element('faultstring', text)) };
}

export function soapAnswer(operation: string, content: string): SimResponse {
  return { status: 200, headers: { 'content-type': XML_TYPE }, body: envelope(`<${operation}Response>${content}</${operation}Response>`) };
}

export function parcelXml(parcel: Parcel, people: ReadonlyMap<string, Citizen>): string {
  const owners = parcel.ownerIds.map((id) => {
    const owner = people.get(id);
    return `<ChuSuDung>${element('HoTen', owner?.fullName ?? '')}${element('SoDinhDanh', id)}</ChuSuDung>`;
  }).join('');
  const certificate = parcel.certificate
    ? `<GiayChungNhan>${element('SoPhatHanh', parcel.certificate.serial)}${element('SoVaoSo', parcel.certificate.registryNumber)}`
      + `${element('NgayCap', parcel.certificate.issuedOn)}</GiayChungNhan>`
    : '';
  return `<ThuaDat>${element('SoTo', parcel.mapSheet)}${element('SoThua', parcel.parcelNumber)}${element('MaXa', parcel.communeCode)}`
    + `${element('DienTich', parcel.areaM2)}${element('MucDichSuDung', parcel.landUse)}${element('DiaChi', parcel.address)}`
    + `${owners}${certificate}${element('TinhTrangTheChap', String(parcel.mortgaged))}${element('TranhChap', String(parcel.disputed))}`
    + '</ThuaDat>';
}

/** The operation element inside soap:Body, namespace prefixes dropped; null when the envelope is not well formed. */
export function readOperation(xml: string): { name: string; fields: Record<string, unknown> } | null {
  if (xml.trim() === '' || XMLValidator.validate(xml) !== true) return null;
  const document = parser.parse(xml) as { Envelope?: { Body?: Record<string, unknown> } };
  const body = document.Envelope?.Body;
  if (typeof body !== 'object' || body === null) return null;
  const [name, fields] = Object.entries(body)[0] ?? [];
  if (!name) return null;
  return { name, fields: typeof fields === 'object' && fields !== null ? fields as Record<string, unknown> : {} };
}

/** "TraCuuThuaDat" from a SOAPAction header, whether bare, quoted or a namespace URI. */
export function soapActionName(header: string | string[] | undefined): string {
  const value = (Array.isArray(header) ? header[0] : header) ?? '';
  return value.replace(/^"|"$/g, '').split(/[/#]/).pop() ?? '';
}

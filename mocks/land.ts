// Simulator of the provincial land information system: SOAP 1.1 at POST /dat-dai/ws with HTTP Basic auth,
// errors as SOAP faults (UPSTREAMS.md §3).
import { timingSafeEqual } from 'node:crypto';
import { communeByCode } from './data/communes.ts';
import { parcelKey } from './data/parcels.ts';
import type { Parcel } from './data/types.ts';
import { DEMO_CREDENTIALS } from './credentials.ts';
import { datasetFor, startSimulator } from './http/simulator.ts';
import { htmlError, XML_TYPE } from './http/respond.ts';
import type { SimRequest, SimResponse } from './http/respond.ts';
import type { Route, UpstreamStyle } from './http/server.ts';
import { escapeXml, parcelXml, readOperation, soapActionName, soapAnswer, soapFault, withFaultstring } from './land-soap.ts';
import { landWsdl } from './land-wsdl.ts';
import type { LandSimulatorOptions, Simulator } from './types.ts';

const PATH = '/dat-dai/ws';

const style: UpstreamStyle = {
  errorEnvelope: (code = 'soap:Server.LoiHeThong') =>
    soapFault(code, code.includes(':Server') ? 'Lỗi hệ thống, vui lòng thử lại sau' : `Lỗi ${code}`),
  busy: () => htmlError(503, 'Service Unavailable'),
  garbage: (text) => ({ status: 200, headers: { 'content-type': XML_TYPE }, body: text === undefined ? '{"oops":' : `{"oops":${JSON.stringify(text)}` }),
  // A well-formed SOAP answer without the ThuaDat of either operation.
  offContract: (text) => soapAnswer('KetQua', `<HoTen>${escapeXml(text)}</HoTen><GhiChu>${escapeXml(text)}</GhiChu>`),
  withFreeText: withFaultstring,
  // The land system has no login; these only exist to satisfy the shared pipeline.
  authFailure: () => htmlError(503, 'Service Unavailable'),
  authRejected: () => htmlError(401, 'Unauthorized'),
  notFound: () => htmlError(404, 'Not Found'),
};

const invalid = (why: string): SimResponse => soapFault('soap:Client.DuLieuKhongHopLe', `Dữ liệu không hợp lệ: ${why}`);
const notFound = (what: string): SimResponse => soapFault('soap:Client.KhongTimThay', `Không tìm thấy ${what}`);
const unprovisioned = (communeCode: string): SimResponse =>
  soapFault('soap:Client.ChuaPhanQuyen', `Xã ${communeCode} chưa được phân quyền trên hệ thống thông tin đất đai`);

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '');

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startLandSimulator(options: LandSimulatorOptions = {}): Promise<Simulator> {
  const dataset = datasetFor(options);
  const username = options.username ?? DEMO_CREDENTIALS.land.username;
  const password = options.password ?? DEMO_CREDENTIALS.land.password;

  /** Parcels of a commune the land system does not serve yet are refused, not reported missing. */
  const answerParcel = (parcel: Parcel | undefined, operation: string, what: string): SimResponse => {
    if (!parcel) return notFound(what);
    if (!communeByCode(parcel.communeCode)?.landProvisioned) return unprovisioned(parcel.communeCode);
    return soapAnswer(operation, parcelXml(parcel, dataset.citizenById));
  };

  const operations: Record<string, (fields: Record<string, unknown>) => SimResponse> = {
    TraCuuThuaDat(fields) {
      const [maXa, soTo, soThua] = [text(fields.maXa), text(fields.soTo), text(fields.soThua)];
      if (!/^\d{5}$/.test(maXa)) return invalid('maXa phải gồm 5 chữ số');
      if (!/^\d{1,4}$/.test(soTo) || !/^\d{1,5}$/.test(soThua)) return invalid('soTo, soThua phải là số');
      const commune = communeByCode(maXa);
      if (commune && !commune.landProvisioned) return unprovisioned(maXa);
      return answerParcel(dataset.parcelByKey.get(parcelKey(maXa, soTo, soThua)), 'TraCuuThuaDat',
        `thửa đất số ${soThua}, tờ bản đồ số ${soTo}, xã ${maXa}`);
    },
    TraCuuGiayChungNhan(fields) {
      const serial = text(fields.soPhatHanh).replace(/\s+/g, ' ');
      if (!/^[A-Z]{2} \d{6}$/.test(serial)) return invalid('soPhatHanh phải có dạng "DA 123456"');
      return answerParcel(dataset.parcelByCertificate.get(serial), 'TraCuuGiayChungNhan', `giấy chứng nhận ${serial}`);
    },
  };

  const call = (request: SimRequest): SimResponse => {
    const match = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const [user = '', ...secret] = Buffer.from(match?.[1] ?? '', 'base64').toString('utf8').split(':');
    if (!match || user !== username || !sameSecret(secret.join(':'), password)) {
      return htmlError(401, 'Unauthorized', { 'www-authenticate': 'Basic realm="dat-dai"' });
    }
    const operation = readOperation(request.body);
    if (!operation) return invalid('thông điệp SOAP không đúng định dạng');
    const action = soapActionName(request.headers.soapaction) || operation.name;
    const handler = operations[action];
    if (!handler) return soapFault('soap:Client', `Thao tác không được hỗ trợ: ${action}`);
    return handler(operation.fields);
  };

  const describe = (request: SimRequest): SimResponse => {
    if (![...request.query.keys()].some((key) => key.toLowerCase() === 'wsdl')) {
      return htmlError(405, 'Method Not Allowed: POST SOAP requests, or GET ?wsdl');
    }
    const address = `http://${request.headers.host ?? '127.0.0.1'}${PATH}`;
    return { status: 200, headers: { 'content-type': XML_TYPE }, body: landWsdl(escapeXml(address)) };
  };

  const routes: Route[] = [
    { method: 'POST', path: PATH, kind: 'business', handle: call },
    { method: 'GET', path: PATH, kind: 'business', handle: describe },
  ];
  return startSimulator(options, { name: 'land', routes, style });
}

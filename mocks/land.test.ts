import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from './data/dataset.ts';
import { startLandSimulator } from './land.ts';
import { basic, soapBody, soapCall } from './test-support.ts';
import type { Simulator } from './types.ts';

let sim: Simulator;
const sample = getDataset().sample;
beforeAll(async () => {
  sim = await startLandSimulator();
});
afterAll(() => sim.close());

const parcelQuery = (maXa: string, soTo: string, soThua: string) =>
  `<maXa>${maXa}</maXa><soTo>${soTo}</soTo><soThua>${soThua}</soThua>`;
const call = async (operation: string, inner: string, authorization?: string) => {
  const response = await soapCall(sim.url, operation, inner, authorization);
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), text };
};
const fault = (text: string) => soapBody(text).Fault as { faultcode: string; faultstring: string };

const CONTRACT_PARCEL = {
  SoTo: '12', SoThua: '345', MaXa: '21085', DienTich: '250.5', MucDichSuDung: 'ONT',
  DiaChi: 'Thôn 2, Xã Sơn Thủy, Tỉnh Quảng Ngãi',
  ChuSuDung: [{ HoTen: 'NGUYỄN VĂN BÌNH', SoDinhDanh: '051165000077' }, { HoTen: 'TRẦN THỊ HOA', SoDinhDanh: expect.any(String) }],
  GiayChungNhan: { SoPhatHanh: 'DA 123456', SoVaoSo: 'CS01234', NgayCap: '2015-06-20' },
  TinhTrangTheChap: 'false', TranhChap: 'false',
};

describe('land simulator', () => {
  it('answers TraCuuThuaDat for 21085/12/345 in a SOAP 1.1 envelope', async () => {
    const answer = await call('TraCuuThuaDat', parcelQuery('21085', '12', '345'));
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('text/xml; charset=utf-8');
    expect(answer.text).toContain('xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"');
    expect(XMLValidator.validate(answer.text)).toBe(true);
    expect(soapBody(answer.text).TraCuuThuaDatResponse.ThuaDat).toEqual(CONTRACT_PARCEL);
  });

  it('answers TraCuuGiayChungNhan with the parcel the certificate covers', async () => {
    const answer = await call('TraCuuGiayChungNhan', '<soPhatHanh>DA 123456</soPhatHanh>');
    expect(soapBody(answer.text).TraCuuGiayChungNhanResponse.ThuaDat).toEqual(CONTRACT_PARCEL);
  });

  it('shows mortgages', async () => {
    const { communeCode, mapSheet, parcelNumber } = sample.mortgagedParcel;
    const answer = await call('TraCuuThuaDat', parcelQuery(communeCode, mapSheet, parcelNumber));
    expect(soapBody(answer.text).TraCuuThuaDatResponse.ThuaDat.TinhTrangTheChap).toBe('true');
  });

  it('faults with soap:Client.ChuaPhanQuyen for the unprovisioned commune', async () => {
    const { communeCode, mapSheet, parcelNumber } = sample.unprovisionedParcel;
    for (const inner of [parcelQuery(communeCode, mapSheet, parcelNumber), parcelQuery('21100', '1', '1')]) {
      const answer = await call('TraCuuThuaDat', inner);
      expect(answer.status).toBe(500);
      expect(fault(answer.text).faultcode).toBe('soap:Client.ChuaPhanQuyen');
    }
  });

  it('faults with KhongTimThay for a missing parcel or certificate and DuLieuKhongHopLe for bad input', async () => {
    expect(fault((await call('TraCuuThuaDat', parcelQuery('21085', '9999', '1'))).text).faultcode).toBe('soap:Client.KhongTimThay');
    expect(fault((await call('TraCuuGiayChungNhan', '<soPhatHanh>ZZ 000000</soPhatHanh>')).text).faultcode).toBe('soap:Client.KhongTimThay');
    expect(fault((await call('TraCuuThuaDat', parcelQuery('2108', '12', '345'))).text).faultcode).toBe('soap:Client.DuLieuKhongHopLe');
    expect(fault((await call('TraCuuGiayChungNhan', '<soPhatHanh>da123456</soPhatHanh>')).text).faultcode).toBe('soap:Client.DuLieuKhongHopLe');
  });

  it('accepts a namespace-qualified operation element', async () => {
    const response = await fetch(`${sim.url}/dat-dai/ws`, {
      method: 'POST',
      headers: { authorization: basic('demo-land', 'demo-password'), soapaction: 'urn:datdai:ws/TraCuuThuaDat', 'content-type': 'text/xml' },
      body: '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><d:TraCuuThuaDat xmlns:d="urn:datdai:ws">'
        + '<d:maXa>21085</d:maXa><d:soTo>12</d:soTo><d:soThua>345</d:soThua></d:TraCuuThuaDat></s:Body></s:Envelope>',
    });
    expect(response.status).toBe(200);
  });

  it('answers 401 on bad credentials', async () => {
    const answer = await call('TraCuuThuaDat', parcelQuery('21085', '12', '345'), basic('demo-land', 'wrong'));
    expect(answer.status).toBe(401);
  });

  it('serves a WSDL document at ?wsdl', async () => {
    const response = await fetch(`${sim.url}/dat-dai/ws?wsdl`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(XMLValidator.validate(text)).toBe(true);
    expect(text).toContain('<wsdl:operation name="TraCuuGiayChungNhan">');
    expect(text).toContain(`location="${sim.url}/dat-dai/ws"`);
  });
});

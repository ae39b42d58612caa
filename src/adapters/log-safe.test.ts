import { describe, expect, it } from 'vitest';
import { describePayload, fingerprint, upstreamCode } from './log-safe.ts';

const HOSTILE = 'Công dân NGUYỄN VĂN AN sinh ngày 15/03/1990, CCCD 051 190 000 123, tôn giáo Phật giáo Hòa Hảo';

describe('describing upstream text without its words', () => {
  it('fingerprints free text by its length and an 8-digit hash that tells equal texts apart', () => {
    expect(fingerprint(HOSTILE)).toEqual({ chars: HOSTILE.length, fnv1a: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(fingerprint(HOSTILE)).toEqual(fingerprint(HOSTILE));
    expect(fingerprint(HOSTILE).fnv1a).not.toBe(fingerprint(`${HOSTILE}.`).fnv1a);
  });

  it('keeps codes that read as codes and hides anything else sent as one', () => {
    for (const code of ['99', '05', 'HT422', 'Server.LoiHeThong', 'invalid_client']) expect(upstreamCode(code)).toBe(code);
    for (const code of ['051190000123', 'HT051190000123', HOSTILE, '']) expect(upstreamCode(code)).toMatch(/^\?[0-9a-f]{8}$/);
  });

  it('describes a JSON payload by its keys and value types only', () => {
    const raw = JSON.stringify({ maKetQua: '00', moTa: HOSTILE, duLieu: { hoVaTen: 'NGUYỄN VĂN AN', tonGiao: 'Hòa Hảo', tuoi: 36, ds: [{ a: true }] } });
    expect(describePayload(raw)).toEqual({
      chars: raw.length, fnv1a: fingerprint(raw).fnv1a,
      shape: '{maKetQua:string,moTa:string,duLieu:{hoVaTen:string,tonGiao:string,tuoi:number,ds:[{a:boolean}]}}',
    });
  });

  it('does not keep keys that are not names, such as a name or an ID used as a key', () => {
    expect(describePayload('{"NGUYỄN VĂN AN":1,"051190000123":2}').shape).toBe('{?:number,?:number}');
  });

  it('describes markup by its element names and broken JSON by its keys', () => {
    expect(describePayload(`<html><body><p>${HOSTILE}</p></body></html>`).shape).toBe('markup <html body p>');
    expect(describePayload(`<soap:Envelope><soap:Body><HoTen>${HOSTILE}</HoTen>`).shape).toBe('markup <Envelope Body HoTen>');
    expect(describePayload(`{"maKetQua":"00","duLieu":{"hoVaTen":"NGUY`).shape).toBe('broken JSON with keys maKetQua,duLieu,hoVaTen');
    expect(describePayload(HOSTILE).shape).toBe('text');
  });

  it('never contains any of the values of a hostile payload', () => {
    for (const raw of [JSON.stringify({ a: HOSTILE, [HOSTILE]: HOSTILE }), `<a>${HOSTILE}</a>`, `{"x":"${HOSTILE}`, HOSTILE]) {
      expect(JSON.stringify(describePayload(raw))).not.toMatch(/NGUY|15\/03|190|Hòa|Phật/);
    }
  });
});

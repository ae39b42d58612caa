import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotFoundError, NotProvisionedError, TransientError } from '../../domain/errors.ts';
import { ParcelSchema } from '../../domain/land.ts';
import { classifyFault, mapParcel } from './map.ts';
import { findFault, findResult, parseXml, soapEnvelope } from './soap.ts';
import { ThuaDatWireSchema } from './wire.ts';
import { soapFault, soapResponse, THUA_DAT } from './fixtures.ts';

function parcelFrom(thuaDat: string) {
  return mapParcel(ThuaDatWireSchema.parse(findResult(parseXml(soapResponse('TraCuuThuaDat', thuaDat)), 'TraCuuThuaDat', 'ThuaDat')));
}

describe('land mapping', () => {
  it('maps a ThuaDat to the canonical parcel, keeping leading zeros of codes', () => {
    const parcel = parcelFrom(THUA_DAT);
    expect(parcel).toEqual({
      communeCode: '21085',
      mapSheet: '012',
      parcelNumber: '0345',
      areaM2: 123.4,
      landUse: 'ONT',
      address: 'Thôn 2, Xã Sơn Thủy',
      holders: [
        { personalId: '051190000123', fullName: 'NGUYỄN VĂN AN' },
        { personalId: '051192000456', fullName: 'TRẦN THỊ BÍCH' },
      ],
      certificate: { serial: 'DA 123456', registryNumber: 'CH00123', issuedOn: '2018-07-09' },
      mortgaged: true,
      disputed: false,
    });
    expect(ParcelSchema.safeParse(parcel).success).toBe(true);
  });

  it('reads a single holder as a list of one, and a holder without ID as null', () => {
    const one = THUA_DAT.replace(/<ChuSuDung><HoTen>TRẦN.*?<\/ChuSuDung>/, '').replace('<SoDinhDanh>051190000123</SoDinhDanh>', '<SoDinhDanh/>');
    expect(parcelFrom(one).holders).toEqual([{ personalId: null, fullName: 'NGUYỄN VĂN AN' }]);
  });

  it('reads an absent or empty certificate as null', () => {
    const without = THUA_DAT.replace(/<GiayChungNhan>.*<\/GiayChungNhan>/, '');
    expect(parcelFrom(without).certificate).toBeNull();
    expect(parcelFrom(without.replace('<TinhTrangTheChap>', '<GiayChungNhan/><TinhTrangTheChap>')).certificate).toBeNull();
  });

  it('reads disputed and unmortgaged flags', () => {
    const flags = THUA_DAT.replace('<TinhTrangTheChap>true', '<TinhTrangTheChap>false').replace('<TranhChap>false', '<TranhChap>true');
    expect(parcelFrom(flags)).toMatchObject({ mortgaged: false, disputed: true });
  });

  it('refuses an area that is not a decimal with a dot', () => {
    const wire = findResult(parseXml(soapResponse('TraCuuThuaDat', THUA_DAT.replace('123.4', '123,4'))), 'TraCuuThuaDat', 'ThuaDat');
    expect(ThuaDatWireSchema.safeParse(wire).success).toBe(false);
  });

  it.each([
    ['soap:Client.KhongTimThay', NotFoundError],
    ['soap:Client.DuLieuKhongHopLe', InvalidInputError],
    ['soap:Client.ChuaPhanQuyen', NotProvisionedError],
    ['soap:Server.LoiHeThong', TransientError],
    ['soap:Server', TransientError],
    ['SOAP-ENV:Client.KhongTimThay', NotFoundError],
    ['Client.ChuaPhanQuyen', NotProvisionedError],
    ['soap:Client.KhongBiet', TransientError],
  ])('classifies faultcode %s', (faultcode, type) => {
    expect(classifyFault(faultcode, 'Lỗi', 'TraCuuThuaDat')).toBeInstanceOf(type);
  });

  it('keeps the fault code and only the length and hash of the faultstring in the error context', () => {
    const error = classifyFault('soap:Server.LoiHeThong', 'Chủ sử dụng NGUYỄN VĂN AN, CCCD 051 190 000 123', 'TraCuuThuaDat');
    expect(error.context).toEqual({ operation: 'TraCuuThuaDat', faultcode: 'Server.LoiHeThong', faultstring: { chars: 47, fnv1a: expect.any(String) } });
  });

  it('says plainly that the commune is not yet provisioned', () => {
    expect(classifyFault('soap:Client.ChuaPhanQuyen', 'Xã chưa được phân quyền', 'TraCuuThuaDat').message).toBe(
      'This commune is not yet provisioned on the land system',
    );
  });

  it('finds a Fault whatever its namespace prefix', () => {
    expect(findFault(parseXml(soapFault('soap:Client.KhongTimThay', 'Không tìm thấy')))).toEqual({
      faultcode: 'soap:Client.KhongTimThay',
      faultstring: 'Không tìm thấy',
    });
  });

  it('escapes every value put into a request envelope', () => {
    expect(soapEnvelope('TraCuuGiayChungNhan', { soPhatHanh: `A&B <"x"> 'y'` })).toContain(
      '<TraCuuGiayChungNhan><soPhatHanh>A&amp;B &lt;&quot;x&quot;&gt; &apos;y&apos;</soPhatHanh></TraCuuGiayChungNhan>',
    );
  });
});

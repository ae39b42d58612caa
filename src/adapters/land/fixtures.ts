// SOAP answers of UPSTREAMS.md §3 for the land tests.

export const BASE_URL = 'http://datdai.test';
export const ENDPOINT = `${BASE_URL}/dat-dai/ws`;

const ENVELOPE_OPEN = '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>';
const ENVELOPE_CLOSE = '</soap:Body></soap:Envelope>';

export const THUA_DAT =
  '<ThuaDat><SoTo>012</SoTo><SoThua>0345</SoThua><MaXa>21085</MaXa><DienTich>123.4</DienTich>' +
  '<MucDichSuDung>ONT</MucDichSuDung><DiaChi>Thôn 2, Xã Sơn Thủy</DiaChi>' +
  '<ChuSuDung><HoTen>NGUYỄN VĂN AN</HoTen><SoDinhDanh>051190000123</SoDinhDanh></ChuSuDung>' +
  '<ChuSuDung><HoTen>TRẦN THỊ BÍCH</HoTen><SoDinhDanh>051192000456</SoDinhDanh></ChuSuDung>' +
  '<GiayChungNhan><SoPhatHanh>DA 123456</SoPhatHanh><SoVaoSo>CH00123</SoVaoSo><NgayCap>2018-07-09</NgayCap></GiayChungNhan>' +
  '<TinhTrangTheChap>true</TinhTrangTheChap><TranhChap>false</TranhChap></ThuaDat>';

export function soapResponse(operation: string, thuaDat = THUA_DAT, prefix = 'ns2'): string {
  return `${ENVELOPE_OPEN}<${prefix}:${operation}Response xmlns:${prefix}="urn:datdai">${thuaDat}</${prefix}:${operation}Response>${ENVELOPE_CLOSE}`;
}

export function soapFault(faultcode: string, faultstring = 'Lỗi'): string {
  return `${ENVELOPE_OPEN}<soap:Fault><faultcode>${faultcode}</faultcode><faultstring>${faultstring}</faultstring></soap:Fault>${ENVELOPE_CLOSE}`;
}

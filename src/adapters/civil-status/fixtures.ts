// Contract examples of UPSTREAMS.md §2 and a small fake civil-status registry for the client tests.
import { http, HttpResponse } from 'msw';
import type { setupServer } from 'msw/node';

export const BASE_URL = 'http://hotich.test';

export const birthWire = {
  soDangKy: '123',
  quyenSo: '01/2020',
  ngayDangKy: '2020-05-04',
  noiDangKy: { maXa: '21085', ten: 'UBND xã Sơn Thủy' },
  nguoiDuocKhaiSinh: { soDinhDanh: '051220000045', hoVaTen: 'NGUYỄN THỊ MAI', ngaySinh: '2020-04-30', gioiTinh: 'Nữ', noiSinh: 'Trạm y tế xã Sơn Thủy' },
  cha: { hoVaTen: 'NGUYỄN VĂN AN', soDinhDanh: '051190000123' },
  me: null,
};

export const marriageWire = {
  soDangKy: '45',
  quyenSo: '01/2015',
  ngayDangKy: '2015-11-20',
  noiDangKy: { maXa: '21085', ten: 'UBND xã Sơn Thủy' },
  chong: { hoVaTen: 'NGUYỄN VĂN AN', soDinhDanh: '051190000123' },
  vo: { hoVaTen: 'TRẦN THỊ BÍCH', soDinhDanh: '051192000456' },
  trangThai: 'HIEU_LUC',
};

export const deathWire = {
  soDangKy: '7',
  quyenSo: '01/2023',
  ngayDangKy: '2023-02-02',
  noiDangKy: { maXa: '21085', ten: 'UBND xã Sơn Thủy' },
  ngayChet: '2023-01-30',
  noiChet: 'Thôn 2, Xã Sơn Thủy',
};

export const SESSION_EXPIRED = { trangThai: 'LOI', maLoi: 'HT401', thongBao: 'Phiên đăng nhập đã hết hạn' };

/** Logins issue `phien-1`, `phien-2`, …; a session in `dead` is answered 401 HT401; calls answer the examples. */
export function fakeRegistry(server: ReturnType<typeof setupServer>, options: { loginDelayMs?: number; hetHan?: string } = {}) {
  const state = { logins: [] as unknown[], calls: [] as { url: URL; phien: string }[], dead: new Set<string>() };
  server.use(
    http.post(`${BASE_URL}/hotich/api/dang-nhap`, async ({ request }) => {
      state.logins.push(await request.json());
      const number = state.logins.length;
      if (options.loginDelayMs) await new Promise((resolve) => setTimeout(resolve, options.loginDelayMs));
      return HttpResponse.json({ phien: `phien-${number}`, hetHan: options.hetHan ?? '2099-01-01T00:00:00+07:00' });
    }),
    http.get(`${BASE_URL}/hotich/api/*`, ({ request }) => {
      const phien = request.headers.get('x-phien') ?? '';
      if (state.dead.has(phien)) return HttpResponse.json(SESSION_EXPIRED, { status: 401 });
      const url = new URL(request.url);
      state.calls.push({ url, phien });
      const path = url.pathname.replace('/hotich/api/', '');
      if (path.startsWith('tinh-trang-hon-nhan/')) return HttpResponse.json({ trangThai: 'OK', ketQua: { tinhTrang: 'DANG_CO_VO_CHONG', canCu: 'Đăng ký kết hôn số 45' } });
      const lists: Record<string, unknown[]> = { 'khai-sinh': [birthWire], 'ket-hon': [marriageWire], 'khai-tu': [deathWire] };
      return HttpResponse.json({ trangThai: 'OK', ketQua: lists[path] ?? [] });
    }),
  );
  return state;
}

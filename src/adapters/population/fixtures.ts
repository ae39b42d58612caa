// The contract example of UPSTREAMS.md §1 and a small fake population system for the client tests.
import { http, HttpResponse } from 'msw';
import type { setupServer } from 'msw/node';

export const BASE_URL = 'http://population.test/lgsp';

export const citizenDuLieu = {
  soDinhDanh: '051190000123',
  soCMND: '212345678',
  hoVaTen: 'NGUYỄN VĂN AN',
  ngaySinh: '15/03/1990',
  gioiTinh: '1',
  danToc: 'Kinh',
  tonGiao: 'Không',
  quocTich: 'Việt Nam',
  queQuan: { maTinh: '51', maXa: '21085', chiTiet: 'Xã Sơn Thủy, Tỉnh Quảng Ngãi' },
  thuongTru: { maTinh: '51', maXa: '21085', chiTiet: 'Thôn 2, Xã Sơn Thủy, Tỉnh Quảng Ngãi' },
  noiOHienTai: { maTinh: '51', maXa: '21085', chiTiet: 'Thôn 2, Xã Sơn Thủy, Tỉnh Quảng Ngãi' },
  chuHo: { soDinhDanh: '051165000077', hoVaTen: 'NGUYỄN VĂN BÌNH' },
  quanHeVoiChuHo: 'Con',
  trangThai: 'CON_SONG',
};

export const INVALID_CREDENTIALS = { fault: { code: 900901, message: 'Invalid Credentials', description: 'Access failure for API' } };

export interface RecordedCall {
  operation: string;
  token: string;
  body: Record<string, unknown>;
}

/**
 * Installs a token endpoint issuing `token-1`, `token-2`, … and business endpoints answering the contract example;
 * a token in `revoked` gets the WSO2 401 fault. `tokenDelayMs` holds each token answer back so callers pile up.
 */
export function fakePopulation(server: ReturnType<typeof setupServer>, options: { tokenDelayMs?: number; expiresIn?: number } = {}) {
  const state = { tokenRequests: [] as Request[], calls: [] as RecordedCall[], revoked: new Set<string>() };
  server.use(
    http.post(`${BASE_URL}/token`, async ({ request }) => {
      state.tokenRequests.push(request.clone());
      const number = state.tokenRequests.length;
      if (options.tokenDelayMs) await new Promise((resolve) => setTimeout(resolve, options.tokenDelayMs));
      return HttpResponse.json({ access_token: `token-${number}`, token_type: 'Bearer', expires_in: options.expiresIn ?? 3600 });
    }),
    http.post(`${BASE_URL}/api/dan-cu/v1/cong-dan/:operation`, async ({ request, params }) => {
      const token = (request.headers.get('authorization') ?? '').replace(/^Bearer /, '');
      if (state.revoked.has(token)) return HttpResponse.json(INVALID_CREDENTIALS, { status: 401 });
      const body = (await request.json()) as Record<string, unknown>;
      state.calls.push({ operation: String(params['operation']), token, body });
      const duLieu = params['operation'] === 'xac-thuc' ? { ketQua: true, chiTiet: { hoVaTen: true, ngaySinh: true } } : citizenDuLieu;
      return HttpResponse.json({ maKetQua: '00', moTa: 'Thành công', duLieu });
    }),
  );
  return state;
}

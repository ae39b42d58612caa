import { describe, expect, it } from 'vitest';
import { parseAdminUnits } from '../../domain/admin-units.ts';
import { healthApp } from './health-fixture.ts';

/** The visible text of an HTML document, roughly: tags and the style/script bodies removed. */
const visible = (html: string) => html.replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/g, '').replace(/<span aria-hidden="true">[^<]*<\/span>/g, '')
  .replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function outage() {
  const fixture = await healthApp();
  await fixture.probes({ population: 'ok', 'civil-status': 'ok', land: 'ok' });
  fixture.advance(10_000);
  await fixture.probes({ population: 'failed', 'civil-status': 'cannot-log-in' });
  fixture.advance(10_000);
  await fixture.probes({ population: 'failed' });
  fixture.advance(60_000);
  return fixture;
}

describe('GET /status', () => {
  it('shows each upstream in Vietnamese with its state in words, without an API key', async () => {
    const { app } = await outage();
    const response = await app.request('/status');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html.startsWith('<!doctype html><html lang="vi">')).toBe(true);
    const text = visible(html);
    expect(text).toContain('CSDL quốc gia về dân cư Gián đoạn');
    expect(text).toContain('Các lần kiểm tra định kỳ liên tiếp không nhận được trả lời.');
    expect(text).toContain('Hệ thống hộ tịch điện tử Không đăng nhập được');
    expect(text).toContain('Hệ thống thông tin đất đai Hoạt động bình thường');
    expect(text).toContain('Từ 09:00:10 02/03/2026 (1 phút 10 giây)'); // from the first failed probe
    expect(text).toContain('Sự cố đang diễn ra từ 09:00:10 02/03/2026');
    expect(text).toContain('Không nhận được trả lời hợp lệ (bước tra cứu), 42 ms');
    expect(text).toContain('Có hệ thống đang gián đoạn.');
  });

  it('lists the open incident in the incident table', async () => {
    const { app } = await outage();
    const text = visible(await (await app.request('/status')).text());
    expect(text).toMatch(/CSDL quốc gia về dân cư 09:00:10 02\/03\/2026 Đang diễn ra 1 phút 10 giây Gián đoạn/);
  });

  it('switches to English with ?lang=en and links back to Vietnamese', async () => {
    const { app } = await outage();
    const html = await (await app.request('/status?lang=en')).text();
    expect(html).toContain('<html lang="en">');
    const text = visible(html);
    expect(text).toContain('National population database Down');
    expect(text).toContain('Civil-status registry Cannot log in');
    expect(html).toContain('href="?lang=vi"');
  });

  it('answers only the live fragment for the refresh script', async () => {
    const { app } = await outage();
    const html = await (await app.request('/status?fragment=1&lang=en')).text();
    expect(html).not.toContain('<html');
    expect(html).toContain('data-status="fail"');
    expect(visible(html)).toContain('National population database Down');
  });

  it('allows only its own inline style and script', async () => {
    const { app } = await outage();
    const csp = (await app.request('/status')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
  });

  it('draws 24 hourly uptime bars with a text alternative', async () => {
    const { app } = await outage();
    const html = await (await app.request('/status')).text();
    const population = html.slice(html.indexOf('id="up-population"'), html.indexOf('id="up-civil-status"'));
    expect(population.match(/<li class="s-/g)).toHaveLength(24);
    expect(visible(population)).toContain('09:00: Gián đoạn');
  });
});

describe('GET /status for one commune', () => {
  it('shows land as not provisioned for a commune it refused, and keeps the commune when switching language', async () => {
    const { app, registry, now } = await healthApp();
    registry.recordCall('land', { operation: 'findParcel', ok: false, errorCode: 'not-provisioned', latencyMs: 5, at: now(), communeCode: '21099' });
    await registry.evaluate();
    const everyone = visible(await (await app.request('/status')).text());
    expect(everyone).toContain('Hệ thống thông tin đất đai Hoạt động bình thường');
    expect(everyone).toContain('Chưa cấp quyền cho xã 21099');
    const html = await (await app.request('/status?commune=21099')).text();
    expect(visible(html)).toContain('Hệ thống thông tin đất đai Chưa được cấp quyền Xã chưa được cấp quyền khai thác hệ thống này (không phải sự cố).');
    expect(html).toContain('href="?lang=en&amp;commune=21099"');
  });

  it('says whose view it shows: the unit named in the catalogue, or that the code names none', async () => {
    const adminUnits = parseAdminUnits(
      'provinceCode,province,wardCode,ward,wardType\n51,Tỉnh Quảng Ngãi,21085,Xã Bình Minh,Xã\n',
      'legacyProvinceCode,legacyDistrictCode,legacyWardCode,legacyProvince,legacyDistrict,legacyWard,mergedWard,dividedWard,provinceCode,province,wardCode,ward\n',
    );
    const { app } = await healthApp({ adminUnits });
    const page = async (query: string) => visible(await (await app.request(`/status${query}`)).text());
    expect(await page('?commune=21085')).toContain('Theo góc nhìn của Xã Bình Minh (mã 21085).');
    expect(await page('?commune=21085&lang=en')).toContain('As seen by Xã Bình Minh (code 21085).');
    expect(await page('?commune=99999')).toContain('Mã xã 99999 không có trong danh mục đơn vị hành chính; trang cho thấy tình trạng chung của tỉnh.');
    expect(await page('?commune=abc')).toContain('Mã xã phải gồm 5 chữ số; trang cho thấy tình trạng chung của tỉnh.');
    expect(await page('')).not.toContain('góc nhìn');
    expect(await page('')).not.toContain('Mã xã');
  });
});

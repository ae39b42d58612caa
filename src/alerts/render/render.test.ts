import { describe, expect, it } from 'vitest';
import type { Alert, DailySummary } from '../types.ts';
import { renderAlert } from './alert.ts';
import { renderDailySummary } from './summary.ts';
import { formatDuration, formatTime } from './time.ts';

// 07:32 UTC is 14:32 in Hà Nội (UTC+7).
const startsAt = Date.UTC(2025, 2, 5, 7, 32);
const down: Alert = {
  kind: 'alert', id: 'down/population/inc-1#firing', dedupKey: 'down/population/inc-1', rule: 'down', phase: 'firing',
  upstream: 'population', severity: 'critical', incidentId: 'inc-1', startsAt, at: startsAt + 12 * 60_000, endsAt: null,
  supersedes: [], channels: ['mail'],
  facts: {
    state: 'down', reasons: ['probe-failing'], queueDepth: 37, oldestTicketAt: startsAt + 60_000, communesAffected: ['21085', '21088'],
    ticketsQueued: 37, requestsFailed: 120, requestsServedStale: 48, estimatedDrainSeconds: 185, bounces: 1,
  },
};
const options = { language: 'vi' as const, statusPageUrl: 'https://cong.tinh.gov.vn/status' };

describe('alert rendering', () => {
  it('writes the down alert in Vietnamese with diacritics: system, what users feel, since when, queue, communes, link', () => {
    const message = renderAlert(down, options);
    expect(message.subject).toBe('[SỰ CỐ] CSDL quốc gia về dân cư ngừng hoạt động từ 14:32 ngày 05/03/2025');
    expect(message.text).toContain('xác thực công dân đang được xếp hàng chờ');
    expect(message.text).toContain('Tình trạng: Ngừng hoạt động (kiểm tra định kỳ thất bại liên tiếp)');
    expect(message.text).toContain('Từ: 14:32 ngày 05/03/2025 (đã 12 phút)');
    expect(message.text).toContain('Yêu cầu xác thực đang chờ: 37, lâu nhất đã chờ 11 phút');
    expect(message.text).toContain('Xã bị ảnh hưởng: 2 xã (21085, 21088)');
    expect(message.text).toContain('Ước tính xử lý hết hàng chờ khi hệ thống trở lại: khoảng 3 phút 5 giây');
    expect(message.text).toContain('Xem trang trạng thái: https://cong.tinh.gov.vn/status');
    expect(message.html).toContain('<html lang="vi">');
    expect(message.html).toContain('<a href="https://cong.tinh.gov.vn/status"');
    expect(message.telegram).toMatch(/^<b>\[SỰ CỐ\] CSDL quốc gia về dân cư/);
  });

  it('says in Telegram too that the times are Vietnam time', () => {
    const message = renderAlert(down, options);
    expect(message.telegram).toContain('Giờ Việt Nam (UTC+7)');
    expect(renderAlert(down, { ...options, language: 'en' }).telegram).toContain('Times are Vietnam time (UTC+7)');
  });

  it('writes the recovery with start, end and duration, and the drain estimate', () => {
    const endsAt = startsAt + 33 * 60_000;
    const message = renderAlert({
      ...down, id: 'down/population/inc-1#resolved', phase: 'resolved', endsAt, at: endsAt + 120_000,
      facts: { ...down.facts, state: 'operational', reasons: [] },
    }, options);
    expect(message.subject).toBe('[ĐÃ KHÔI PHỤC] CSDL quốc gia về dân cư hoạt động trở lại lúc 15:05 ngày 05/03/2025');
    expect(message.text).toContain('Kéo dài: 33 phút');
    expect(message.text).toContain('Tình trạng: Hoạt động bình thường\n');
    expect(message.text).toContain('Ước tính xử lý hết hàng chờ: khoảng 3 phút 5 giây');
  });

  it('writes reminders, backlog, credentials and flapping alerts in their own words', () => {
    expect(renderAlert({ ...down, phase: 'reminder' }, options).subject).toBe('[NHẮC LẠI] CSDL quốc gia về dân cư vẫn ngừng hoạt động (đã 12 phút)');
    expect(renderAlert({ ...down, rule: 'backlog', severity: 'warning', upstream: 'land' }, options).subject)
      .toBe('[CẢNH BÁO] 37 yêu cầu xác minh thửa đất đang chờ Hệ thống thông tin đất đai');
    expect(renderAlert({ ...down, rule: 'credentials', upstream: 'civil-status' }, options).subject)
      .toBe('[SỰ CỐ] Cổng kết nối không đăng nhập được vào Hệ thống hộ tịch điện tử');
    expect(renderAlert({ ...down, rule: 'flapping', severity: 'warning', facts: { ...down.facts, bounces: 4 } }, options).subject)
      .toBe('[CẢNH BÁO] CSDL quốc gia về dân cư chập chờn: 4 lần gián đoạn trong 12 phút');
  });

  it('writes English when the channel asks for it, with times still on Vietnam clocks', () => {
    const message = renderAlert(down, { language: 'en' });
    expect(message.subject).toBe('[OUTAGE] National population database is down since 14:32 on 5 Mar 2025');
    expect(message.text).toContain('citizen identity verifications are queued');
    expect(message.text).not.toContain('status page');
  });

  it('escapes what it puts in HTML', () => {
    const message = renderAlert({ ...down, incidentId: '<script>' }, options);
    expect(message.html).not.toContain('<script>');
    expect(message.telegram).toContain('&lt;script&gt;');
  });
});

describe('daily summary rendering', () => {
  const summary: DailySummary = {
    kind: 'daily-summary', id: 'daily-summary/2025-03-04', day: '2025-03-04',
    fromMs: Date.UTC(2025, 2, 3, 17), toMs: Date.UTC(2025, 2, 4, 17), at: Date.UTC(2025, 2, 5, 0), channels: ['mail'],
    tickets: { queued: 37, completed: 35, failed: 1, expired: 0 },
    waiting: [{ upstream: 'land', depth: 2, oldestTicketAt: Date.UTC(2025, 2, 4, 16) }, { upstream: 'population', depth: 0, oldestTicketAt: null }],
    incidents: [{
      id: 'i', upstream: 'population', kind: 'outage', status: 'closed', startedAt: Date.UTC(2025, 2, 4, 7, 32), endedAt: Date.UTC(2025, 2, 4, 8, 5),
      durationMs: 33 * 60_000, worstState: 'down', causes: [], affectedOperations: [], requestsFailed: 120, requestsServedStale: 4,
      requestsRejected: 0, ticketsQueued: 37, communesAffected: ['21085'], updatedAt: 0,
    }],
  };

  it('sums up yesterday in Vietnamese: incidents, tickets queued and completed, what still waits', () => {
    const message = renderDailySummary(summary, options);
    expect(message.subject).toBe('[BÁO CÁO NGÀY 04/03/2025] 1 sự cố, 37 yêu cầu xác thực xếp hàng, 35 đã hoàn tất');
    expect(message.text).toContain('CSDL quốc gia về dân cư: ngừng hoạt động từ 14:32 đến 15:05 (33 phút); 1 xã bị ảnh hưởng; 37 yêu cầu xếp hàng');
    expect(message.text).toContain('Yêu cầu xác thực: xếp hàng 37, hoàn tất 35, thất bại 1, hết hạn 0');
    expect(message.text).toContain('Hệ thống thông tin đất đai: 2, lâu nhất đã chờ 8 giờ');
  });

  it('says so when there was nothing and the queue cannot tell', () => {
    const message = renderDailySummary({ ...summary, incidents: [], tickets: null, waiting: [] }, options);
    expect(message.subject).toBe('[BÁO CÁO NGÀY 04/03/2025] 0 sự cố');
    expect(message.text).toContain('Ngày 04/03/2025 các hệ thống nguồn không có sự cố.');
    expect(message.text).toContain('Yêu cầu xác thực: không có số liệu');
  });
});

describe('times', () => {
  it('shows instants on Vietnam clocks whatever the machine zone, and durations with two units', () => {
    expect(formatTime(Date.UTC(2025, 11, 31, 17, 5), 'vi')).toBe('00:05 ngày 01/01/2026');
    expect(formatDuration(45_000, 'vi')).toBe('45 giây');
    expect(formatDuration(3_660_000, 'vi')).toBe('1 giờ 1 phút');
    expect(formatDuration(3_600_000 * 50, 'en')).toBe('2 d 2 h');
    expect(formatDuration(3_600_000, 'en')).toBe('1 h');
  });
});

// Every word the status page shows, in Vietnamese (the default, full diacritics) and English.
import type { BreakerSummary, HealthState, ProbeOutcome, Reason, UpstreamName } from '../types.ts';
import { upstreamNames } from '../upstream-names.ts';

export type PageLanguage = 'vi' | 'en';

/**
 * What `?commune=` asked for: a commune of the catalogue (with its name; without one when no catalogue is loaded),
 * a five-digit code the catalogue does not hold, or something that is no code at all.
 */
export type CommuneView = { kind: 'known'; code: string; name?: string | undefined } | { kind: 'unknown'; code: string } | { kind: 'invalid' };

const namesIn = (language: PageLanguage) => (upstream: UpstreamName) => upstreamNames(upstream)[language];

export interface PageTexts {
  title: string;
  intro: string;
  /** Whose view the page shows, when `?commune=` asked for one; the province's otherwise. */
  communeView: (view: CommuneView) => string;
  /** The other language; `query` is its `lang=` parameter. */
  switchTo: { label: string; lang: PageLanguage; query: string };
  updatedAt: string;
  offline: string;
  /** `unknown`: some upstream has no figures yet (never shown as healthy); `failQueued`: down, tickets waiting. */
  summary: { pass: string; warn: string; fail: string; failQueued: string; unknown: string };
  /** An upstream's display name (from the upstream registry). */
  upstreams: (upstream: UpstreamName) => string;
  states: Record<HealthState, string>;
  cannotLogIn: string;
  /** The headline of an upstream with no figures yet. */
  noData: string;
  reasons: Record<Reason, string>;
  since: string;
  latency: string;
  /** The typical and the slow answer time, in plain words. */
  latencyValue: (typical: string, slow: string) => string;
  /** The technical figures behind it (tooltip). */
  latencyDetails: (p50: string, p95: string, p99: string) => string;
  errorRate: string;
  calls: (count: string) => string;
  noCalls: string;
  breaker: string;
  /** The technical name (tooltip). */
  breakerDetails: string;
  breakers: Record<BreakerSummary, string>;
  queue: string;
  queueNone: string;
  queueUnknown: string;
  queueWaiting: (count: string) => string;
  oldestTicket: (age: string) => string;
  lastProbe: string;
  noProbe: string;
  probeNotRun: string;
  probeOutcomes: Record<ProbeOutcome, string>;
  failedStep: (step: string) => string;
  uptime: string;
  uptimeLabel: string;
  /** One period's share; `observed` when fewer minutes than the period were recorded. */
  uptimeShare: (period: 'day' | 'week' | 'quarter', share: string, observed: string | null) => string;
  uptimeBar: (from: string, state: string, share: string | null) => string;
  noRecord: string;
  hoursAgo24: string;
  now: string;
  notProvisionedFor: string;
  maintenance: (from: string, to: string) => string;
  openIncident: (since: string) => string;
  /** The upstream is good again; its incident closes once that has lasted. */
  recovering: (since: string, started: string) => string;
  incidents: string;
  noIncidents: string;
  incidentColumns: { upstream: string; started: string; ended: string; duration: string; worst: string; impact: string };
  ongoing: string;
  impact: (failed: string, stale: string, tickets: string) => string;
  csvLink: string;
  duration: { days: string; hours: string; minutes: string; seconds: string };
  legend: string;
}

const vi: PageTexts = {
  title: 'Tình trạng các hệ thống kết nối',
  intro: 'Cổng kết nối của tỉnh với CSDL dân cư, hộ tịch điện tử và hệ thống đất đai. Trang tự cập nhật khoảng 10 giây một lần.',
  communeView: (view) => {
    if (view.kind === 'known') return view.name ? `Theo góc nhìn của ${view.name} (mã ${view.code}).` : `Theo góc nhìn của xã mã ${view.code}.`;
    const province = 'trang cho thấy tình trạng chung của tỉnh.';
    return view.kind === 'unknown' ? `Mã xã ${view.code} không có trong danh mục đơn vị hành chính; ${province}` : `Mã xã phải gồm 5 chữ số; ${province}`;
  },
  switchTo: { label: 'English', lang: 'en', query: 'lang=en' },
  updatedAt: 'Cập nhật lúc',
  offline: 'Mất kết nối tới cổng; đang thử lại…',
  summary: {
    pass: 'Tất cả hệ thống hoạt động bình thường.',
    warn: 'Có hệ thống đang chậm, suy giảm hoặc bảo trì.',
    fail: 'Có hệ thống đang gián đoạn.',
    failQueued: 'Có hệ thống đang gián đoạn. Yêu cầu xác thực được xếp hàng và sẽ tự hoàn tất khi hệ thống phục hồi.',
    unknown: 'Chưa đủ số liệu để đánh giá mọi hệ thống: các lần kiểm tra đầu tiên chưa xong hoặc chưa thành công.',
  },
  upstreams: namesIn('vi'),
  states: {
    operational: 'Hoạt động bình thường', degraded: 'Chậm / suy giảm', down: 'Gián đoạn',
    'not-provisioned': 'Chưa được cấp quyền', maintenance: 'Bảo trì',
  },
  cannotLogIn: 'Không đăng nhập được',
  noData: 'Chưa đủ số liệu',
  reasons: {
    maintenance: 'Đang bảo trì theo kế hoạch.',
    'not-provisioned': 'Xã chưa được cấp quyền khai thác hệ thống này (không phải sự cố).',
    'probe-failing': 'Các lần kiểm tra định kỳ liên tiếp không nhận được trả lời.',
    'probe-intermittent': 'Một phần các lần kiểm tra định kỳ gần đây bị lỗi: hệ thống trả lời nhưng không ổn định.',
    'breaker-open': 'Cổng tạm ngừng gửi yêu cầu để hệ thống phục hồi.',
    'breaker-half-open': 'Đang thử lại từng yêu cầu để kiểm tra phục hồi.',
    'error-rate-high': 'Phần lớn yêu cầu gần đây bị lỗi.',
    'error-rate-elevated': 'Tỷ lệ lỗi tăng cao.',
    slow: 'Phản hồi chậm.',
    'serving-stale': 'Đang trả dữ liệu đã lưu trước đó (có thể chưa cập nhật).',
    queueing: 'Yêu cầu xác thực đang phải xếp hàng chờ.',
    'cannot-log-in': 'Cổng không đăng nhập được vào hệ thống: cần kiểm tra tài khoản kết nối.',
    'no-data': 'Chưa có số liệu.',
  },
  since: 'Từ',
  latency: 'Thời gian trả lời',
  latencyValue: (typical, slow) => `thường ${typical}, lúc chậm ${slow}`,
  latencyDetails: (p50, p95, p99) => `Trung vị / p95 / p99: ${p50} / ${p95} / ${p99}`,
  errorRate: 'Tỷ lệ lỗi (5 phút)',
  calls: (count) => `${count} yêu cầu`,
  noCalls: 'chưa có yêu cầu',
  breaker: 'Tạm ngừng gửi yêu cầu',
  breakerDetails: 'Ngắt mạch (circuit breaker)',
  breakers: { closed: 'Không', 'half-open': 'Đang gửi thử để xem hệ thống đã phục hồi chưa', open: 'Có: cổng tạm ngừng gửi để hệ thống phục hồi', unknown: 'Chưa có số liệu' },
  queue: 'Hàng đợi xác thực',
  queueNone: 'Không có yêu cầu chờ',
  queueUnknown: 'Không có số liệu',
  queueWaiting: (count) => `${count} yêu cầu đang chờ`,
  oldestTicket: (age) => `cũ nhất đã chờ ${age}`,
  lastProbe: 'Kiểm tra gần nhất',
  noProbe: 'Không cấu hình kiểm tra định kỳ',
  probeNotRun: 'Chưa chạy lần nào',
  probeOutcomes: {
    ok: 'Trả lời bình thường',
    'answered-final': 'Có trả lời (không tìm thấy bản ghi kiểm tra)',
    'not-provisioned': 'Có trả lời (đơn vị kiểm tra chưa được cấp quyền)',
    'cannot-log-in': 'Không đăng nhập được',
    failed: 'Không nhận được trả lời hợp lệ',
    timeout: 'Không trả lời trong thời hạn',
  },
  failedStep: (step) => ({ login: 'bước đăng nhập', lookup: 'bước tra cứu', wsdl: 'bước tải WSDL' })[step] ?? step,
  uptime: 'Hoạt động 24 giờ qua',
  uptimeLabel: 'Tỷ lệ hoạt động',
  uptimeShare: (period, share, observed) =>
    `${{ day: '24 giờ qua', week: '7 ngày qua', quarter: '90 ngày qua' }[period]}: ${share}${observed === null ? '' : ` (trên ${observed} có số liệu)`}`,
  uptimeBar: (from, state, share) => (share === null ? `${from}: ${state}` : `${from}: ${state}, hoạt động ${share}`),
  noRecord: 'chưa có số liệu',
  hoursAgo24: '24 giờ trước',
  now: 'Bây giờ',
  notProvisionedFor: 'Chưa cấp quyền cho xã',
  maintenance: (from, to) => `Bảo trì từ ${from} đến ${to}`,
  openIncident: (since) => `Sự cố đang diễn ra từ ${since}`,
  recovering: (since, started) => `Đã hoạt động lại từ ${since}. Sự cố bắt đầu lúc ${started} sẽ được đóng khi hệ thống ổn định.`,
  incidents: 'Sự cố đang diễn ra và gần đây (7 ngày)',
  noIncidents: 'Không có sự cố nào trong 7 ngày qua.',
  incidentColumns: { upstream: 'Hệ thống', started: 'Bắt đầu', ended: 'Kết thúc', duration: 'Thời gian', worst: 'Mức nặng nhất', impact: 'Ảnh hưởng' },
  ongoing: 'Đang diễn ra',
  impact: (failed, stale, tickets) => `${failed} yêu cầu lỗi · ${stale} trả dữ liệu đã lưu · ${tickets} yêu cầu xếp hàng`,
  csvLink: 'Tải danh sách sự cố (CSV, cần khóa API)',
  duration: { days: 'ngày', hours: 'giờ', minutes: 'phút', seconds: 'giây' },
  legend: 'Chú thích màu',
};

const en: PageTexts = {
  title: 'Status of the connected systems',
  intro: "The province's gateway to the population database, the civil-status registry and the land system. This page updates itself about every 10 seconds.",
  communeView: (view) => {
    if (view.kind === 'known') return view.name ? `As seen by ${view.name} (code ${view.code}).` : `As seen by the commune with code ${view.code}.`;
    const province = "the page shows the province's view.";
    return view.kind === 'unknown' ? `Commune code ${view.code} is not in the administrative-unit catalogue; ${province}` : `A commune code has 5 digits; ${province}`;
  },
  switchTo: { label: 'Tiếng Việt', lang: 'vi', query: 'lang=vi' },
  updatedAt: 'Updated at',
  offline: 'Lost contact with the gateway; retrying…',
  summary: {
    pass: 'All systems are operational.',
    warn: 'A system is slow, degraded or in maintenance.',
    fail: 'A system is down.',
    failQueued: 'A system is down. Verifications are queued and will complete by themselves when it recovers.',
    unknown: 'Not enough figures yet to judge every system: the first checks have not finished or not succeeded.',
  },
  upstreams: namesIn('en'),
  states: { operational: 'Operational', degraded: 'Degraded / slow', down: 'Down', 'not-provisioned': 'Not provisioned', maintenance: 'Maintenance' },
  cannotLogIn: 'Cannot log in',
  noData: 'Not enough figures yet',
  reasons: {
    maintenance: 'Planned maintenance.',
    'not-provisioned': 'The commune is not yet provisioned on this system (not an outage).',
    'probe-failing': 'Several periodic checks in a row got no answer.',
    'probe-intermittent': 'Some recent periodic checks failed: the system answers, but not reliably.',
    'breaker-open': 'The gateway has paused calls to let the system recover.',
    'breaker-half-open': 'Trying single calls to see whether the system has recovered.',
    'error-rate-high': 'Most recent calls failed.',
    'error-rate-elevated': 'The error rate is raised.',
    slow: 'Answers are slow.',
    'serving-stale': 'Serving previously stored answers (may be out of date).',
    queueing: 'Verifications are waiting in the queue.',
    'cannot-log-in': 'The gateway cannot log in to the system: check the connection account.',
    'no-data': 'No figures yet.',
  },
  since: 'Since',
  latency: 'Answer time',
  latencyValue: (typical, slow) => `usually ${typical}, slow ones ${slow}`,
  latencyDetails: (p50, p95, p99) => `Median / p95 / p99: ${p50} / ${p95} / ${p99}`,
  errorRate: 'Error rate (5 min)',
  calls: (count) => `${count} calls`,
  noCalls: 'no calls yet',
  breaker: 'Calls paused',
  breakerDetails: 'Circuit breaker',
  breakers: { closed: 'No', 'half-open': 'Trying a call to see whether the system recovered', open: 'Yes: the gateway pauses calls to let the system recover', unknown: 'No figures yet' },
  queue: 'Verification queue',
  queueNone: 'Nothing waiting',
  queueUnknown: 'No figures',
  queueWaiting: (count) => `${count} waiting`,
  oldestTicket: (age) => `oldest waiting ${age}`,
  lastProbe: 'Last check',
  noProbe: 'No periodic check configured',
  probeNotRun: 'Not run yet',
  probeOutcomes: {
    ok: 'Answered normally',
    'answered-final': 'Answered (test record not found)',
    'not-provisioned': 'Answered (test unit not provisioned)',
    'cannot-log-in': 'Cannot log in',
    failed: 'No valid answer',
    timeout: 'No answer in time',
  },
  failedStep: (step) => ({ login: 'at login', lookup: 'at lookup', wsdl: 'fetching the WSDL' })[step] ?? step,
  uptime: 'Last 24 hours',
  uptimeLabel: 'Uptime',
  uptimeShare: (period, share, observed) =>
    `${{ day: 'last 24 hours', week: 'last 7 days', quarter: 'last 90 days' }[period]}: ${share}${observed === null ? '' : ` (over ${observed} with figures)`}`,
  uptimeBar: (from, state, share) => (share === null ? `${from}: ${state}` : `${from}: ${state}, up ${share}`),
  noRecord: 'no figures',
  hoursAgo24: '24 hours ago',
  now: 'Now',
  notProvisionedFor: 'Not provisioned for communes',
  maintenance: (from, to) => `Maintenance from ${from} to ${to}`,
  openIncident: (since) => `Incident ongoing since ${since}`,
  recovering: (since, started) => `Operational again since ${since}. The incident that began at ${started} closes once the system stays stable.`,
  incidents: 'Ongoing and recent incidents (7 days)',
  noIncidents: 'No incidents in the last 7 days.',
  incidentColumns: { upstream: 'System', started: 'Started', ended: 'Ended', duration: 'Duration', worst: 'Worst state', impact: 'Impact' },
  ongoing: 'Ongoing',
  impact: (failed, stale, tickets) => `${failed} failed · ${stale} served from store · ${tickets} queued`,
  csvLink: 'Download the incident list (CSV, API key needed)',
  duration: { days: 'd', hours: 'h', minutes: 'min', seconds: 's' },
  legend: 'Colour key',
};

export const TEXTS: Record<PageLanguage, PageTexts> = { vi, en };

/** `?lang=en` picks English; anything else (or nothing) is Vietnamese. */
export function pageLanguage(lang: string | undefined): PageLanguage {
  return lang === 'en' ? 'en' : 'vi';
}

// The words of alert messages, Vietnamese (with full diacritics) and English: systems, states, reasons, and what
// commune staff and citizens feel when a system is out.
import type { HealthState, Reason, UpstreamName } from '../../health/types.ts';
import { describeUpstream, upstreamDisplayWords } from '../../upstreams/registry.ts';

export type Language = 'vi' | 'en';
type Words = Record<Language, string>;

export interface SystemWords {
  name: Words;
  /** The lookups it serves, lower case. */
  lookups: Words;
  /** The verification it answers, lower case. */
  verification: Words;
}

/** A system's words, from its description in the upstream registry (built-in or registered at start). */
export function systemWords(upstream: UpstreamName): SystemWords {
  const described = describeUpstream(upstream);
  const name = upstreamDisplayWords(upstream);
  return {
    name,
    lookups: described?.lookups ?? { vi: `tra cứu ${name.vi}`, en: `${name.en} lookups` },
    verification: described?.verificationWords ?? { vi: `xác minh ${name.vi}`, en: `${name.en} verifications` },
  };
}

export const STATES: Record<HealthState, Words> = {
  operational: { vi: 'Hoạt động bình thường', en: 'Operational' },
  degraded: { vi: 'Hoạt động không ổn định', en: 'Degraded' },
  down: { vi: 'Ngừng hoạt động', en: 'Down' },
  'not-provisioned': { vi: 'Chưa được cấp quyền', en: 'Not provisioned' },
  maintenance: { vi: 'Bảo trì', en: 'Maintenance' },
};

export const REASONS: Record<Reason, Words> = {
  maintenance: { vi: 'đang bảo trì theo kế hoạch', en: 'planned maintenance' },
  'not-provisioned': { vi: 'xã chưa được cấp quyền', en: 'commune not provisioned' },
  'probe-failing': { vi: 'kiểm tra định kỳ thất bại liên tiếp', en: 'health checks failing' },
  'probe-intermittent': { vi: 'một phần các lần kiểm tra định kỳ bị lỗi', en: 'some health checks failing' },
  'breaker-open': { vi: 'cổng kết nối tạm ngừng gửi yêu cầu để hệ thống phục hồi', en: 'calls paused to let it recover' },
  'breaker-half-open': { vi: 'đang thử kết nối lại', en: 'trying to reconnect' },
  'error-rate-high': { vi: 'phần lớn yêu cầu bị lỗi', en: 'most calls fail' },
  'error-rate-elevated': { vi: 'tỷ lệ lỗi tăng', en: 'more calls fail than usual' },
  slow: { vi: 'phản hồi chậm', en: 'slow answers' },
  'serving-stale': { vi: 'đang trả dữ liệu đã lưu tạm', en: 'serving saved answers' },
  queueing: { vi: 'yêu cầu xác thực đang được xếp hàng', en: 'verifications are queued' },
  'cannot-log-in': { vi: 'không đăng nhập được (tài khoản kết nối bị từ chối)', en: 'login refused (connection account)' },
  'no-data': { vi: 'chưa có số liệu', en: 'no data yet' },
};

/** Upper-cases the first letter (Vietnamese included). */
export function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

/** What users feel while the system is down or degraded, and once it is back. */
export function impact(upstream: UpstreamName, kind: 'down' | 'degraded' | 'credentials' | 'backlog' | 'back', language: Language): string {
  const { lookups, verification, name } = systemWords(upstream);
  const l = lookups[language];
  const v = verification[language];
  if (language === 'vi') {
    switch (kind) {
      case 'down': return `${capitalise(l)} chỉ trả được dữ liệu đã lưu tạm (nếu có); ${v} đang được xếp hàng chờ và sẽ tự hoàn tất khi hệ thống hoạt động trở lại.`;
      case 'degraded': return `${capitalise(l)} chậm hoặc lúc được lúc không; một số yêu cầu ${v} phải xếp hàng chờ.`;
      case 'credentials': return `Cổng kết nối không đăng nhập được vào ${name.vi}: ${l} và ${v} không thực hiện được. Cán bộ CNTT của tỉnh cần kiểm tra tài khoản kết nối.`;
      case 'backlog': return `${capitalise(v)} đang được xếp hàng chờ; hồ sơ của công dân có thể bị chậm.`;
      case 'back': return `${capitalise(l)} hoạt động bình thường trở lại; các yêu cầu ${v} đang chờ được xử lý dần.`;
    }
  }
  switch (kind) {
    case 'down': return `${capitalise(l)} only return saved answers (when there are any); ${v} are queued and will complete by themselves once the system is back.`;
    case 'degraded': return `${capitalise(l)} are slow or fail at times; some ${v} are queued.`;
    case 'credentials': return `The gateway cannot log in to the ${name.en.toLowerCase()}: ${l} and ${v} cannot be made. Provincial IT staff need to check the connection account.`;
    case 'backlog': return `${capitalise(v)} are queued; citizens' dossiers may be late.`;
    case 'back': return `${capitalise(l)} work again; queued ${v} are being completed.`;
  }
}

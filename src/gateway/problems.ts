// RFC 9457 problem responses: the one table that maps error codes to HTTP statuses, stable types and
// Vietnamese/English titles. Nothing else in the gateway chooses an error status.
import type { ErrorCode, GatewayError, UpstreamName } from '../domain/errors.ts';
import { upstreamDisplayWords } from '../upstreams/registry.ts';
import type { Language } from './language.ts';

export type ProblemKind =
  | ErrorCode
  | 'validation'
  | 'bad-request'
  | 'payload-too-large'
  | 'missing-credentials'
  | 'invalid-credentials'
  | 'forbidden-commune'
  | 'land-out-of-scope'
  | 'route-not-found'
  | 'unit-not-found'
  | 'rate-limited'
  | 'internal'
  | 'idempotency-key-missing'
  | 'idempotency-conflict'
  | 'idempotency-mismatch'
  | 'callback-not-allowed'
  | 'invalid-subject'
  | 'verification-not-found'
  | 'open-ticket-quota'
  | 'verification-ended';

interface ProblemEntry {
  status: number;
  title: Record<Language, string>;
}

/** Status and titles per kind. `unauthorized` is OUR credentials refused upstream: a 502, not the caller's fault. */
export const PROBLEMS: Record<ProblemKind, ProblemEntry> = {
  'not-found': { status: 404, title: { vi: 'Không tìm thấy dữ liệu', en: 'Not found' } },
  'invalid-input': { status: 422, title: { vi: 'Hệ thống nguồn từ chối dữ liệu đầu vào', en: 'The upstream system rejected the input' } },
  'not-provisioned': { status: 403, title: { vi: 'Xã chưa được cấp quyền khai thác hệ thống này', en: 'The commune is not yet provisioned on this system' } },
  unauthorized: { status: 502, title: { vi: 'Cổng kết nối không đăng nhập được vào hệ thống nguồn', en: 'The gateway could not log in to the upstream system' } },
  transient: { status: 503, title: { vi: 'Hệ thống nguồn tạm thời không phản hồi', en: 'The upstream system is temporarily unavailable' } },
  timeout: { status: 503, title: { vi: 'Hệ thống nguồn không trả lời kịp thời hạn', en: 'The upstream system did not answer in time' } },
  'circuit-open': { status: 503, title: { vi: 'Hệ thống nguồn đang gián đoạn, tạm ngừng gửi yêu cầu', en: 'The upstream system is down; calls are paused' } },
  overloaded: { status: 503, title: { vi: 'Hệ thống nguồn đang quá tải, vui lòng thử lại', en: 'The upstream system is at capacity; try again' } },
  // 504, not 503: the upstream was not found wanting, and retrying with the same deadline would end the same way.
  'client-deadline': { status: 504, title: { vi: 'Hết thời hạn chờ do chính ứng dụng gọi đặt ra', en: "The client's own deadline ran out before the answer" } },
  validation: { status: 400, title: { vi: 'Dữ liệu yêu cầu không hợp lệ', en: 'The request is not valid' } },
  'bad-request': { status: 400, title: { vi: 'Yêu cầu không đúng định dạng', en: 'Malformed request' } },
  'payload-too-large': { status: 413, title: { vi: 'Thân yêu cầu quá lớn', en: 'The request body is too large' } },
  'missing-credentials': { status: 401, title: { vi: 'Thiếu khóa truy cập (API key)', en: 'Missing API key' } },
  'invalid-credentials': { status: 401, title: { vi: 'Khóa truy cập không hợp lệ', en: 'Invalid API key' } },
  'forbidden-commune': { status: 403, title: { vi: 'Khóa truy cập không được phép thao tác cho xã này', en: 'This API key may not act for that commune' } },
  'land-out-of-scope': { status: 403, title: { vi: 'Khóa truy cập không được phép tra cứu đất đai của xã này', en: 'This API key may not read land records of that commune' } },
  'route-not-found': { status: 404, title: { vi: 'Không có đường dẫn này', en: 'No such route' } },
  'unit-not-found': { status: 404, title: { vi: 'Không có đơn vị hành chính với mã này', en: 'No administrative unit with this code' } },
  'rate-limited': { status: 429, title: { vi: 'Khóa truy cập đã gửi quá nhiều yêu cầu', en: 'Too many requests from this API key' } },
  internal: { status: 500, title: { vi: 'Lỗi nội bộ của cổng kết nối', en: 'Internal gateway error' } },
  // Verifications (IETF Idempotency-Key draft: 400 missing key, 409 still being answered, 422 key reused).
  'idempotency-key-missing': { status: 400, title: { vi: 'Thiếu tiêu đề Idempotency-Key', en: 'The Idempotency-Key header is missing' } },
  'idempotency-conflict': { status: 409, title: { vi: 'Yêu cầu với Idempotency-Key này đang được xử lý', en: 'A request with this Idempotency-Key is still being answered' } },
  'idempotency-mismatch': { status: 422, title: { vi: 'Idempotency-Key đã được dùng cho một yêu cầu khác', en: 'This Idempotency-Key was used for a different request' } },
  'callback-not-allowed': { status: 422, title: { vi: 'Địa chỉ callback không nằm trong danh sách được phép', en: 'The callback URL is not among the allowed ones' } },
  'invalid-subject': { status: 422, title: { vi: 'Thông tin cần xác minh không nhất quán', en: 'The verification subject is inconsistent' } },
  'open-ticket-quota': { status: 429, title: { vi: 'Khóa truy cập đã có quá nhiều phiếu xác minh chưa hoàn tất', en: 'This API key has too many unfinished verification tickets' } },
  'verification-not-found': { status: 404, title: { vi: 'Không có phiếu xác minh này', en: 'No such verification ticket' } },
  'verification-ended': { status: 410, title: { vi: 'Phiếu xác minh đã kết thúc mà không có kết quả', en: 'The verification ended without a result' } },
};

/** The upstream as a problem's detail names it: its registry name, in English "the …" in lower case. */
export function upstreamDisplayName(upstream: UpstreamName, language: Language): string {
  const names = upstreamDisplayWords(upstream);
  return language === 'vi' ? names.vi : `the ${names.en.charAt(0).toLowerCase()}${names.en.slice(1)}`;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  [member: string]: unknown;
}

/** Builds a problem body; `extra` adds members such as `upstream`, `retryAfterSeconds`, `errors`. */
export function problem(kind: ProblemKind, language: Language, detail?: string, extra: Record<string, unknown> = {}): Problem {
  const entry = PROBLEMS[kind];
  return {
    type: `urn:commune-gateway:problem:${kind}`,
    title: entry.title[language],
    status: entry.status,
    ...(detail === undefined ? {} : { detail }),
    ...extra,
  };
}

/** Plain-words detail for an upstream failure, in the client's language. */
export function upstreamDetail(error: GatewayError, language: Language): string {
  const system = error.upstream ? upstreamDisplayName(error.upstream, language) : language === 'vi' ? 'hệ thống nguồn' : 'the upstream system';
  const vi: Record<ErrorCode, string> = {
    'not-found': `${system} không có bản ghi này.`,
    'invalid-input': `${system} cho biết dữ liệu gửi lên không hợp lệ.`,
    'not-provisioned': `Xã này chưa được ${system} cấp quyền khai thác. Đây không phải sự cố: vui lòng đề nghị Sở quản lý cấp quyền cho xã.`,
    unauthorized: `Cổng kết nối không đăng nhập được vào ${system}. Cán bộ CNTT của tỉnh cần kiểm tra tài khoản kết nối.`,
    transient: `${system} đang gặp sự cố. Vui lòng thử lại sau.`,
    timeout: `${system} không trả lời trong thời hạn cho phép.`,
    'circuit-open': `${system} đang gián đoạn; cổng kết nối tạm ngừng gửi yêu cầu để hệ thống phục hồi.`,
    overloaded: `${system} đang nhận quá nhiều yêu cầu cùng lúc.`,
    'client-deadline': `Thời hạn chờ ứng dụng yêu cầu (tiêu đề Request-Timeout) đã hết trước khi ${system} trả lời. Đây không phải sự cố của ${system}: hãy cho thời hạn dài hơn hoặc bỏ tiêu đề Request-Timeout.`,
  };
  const en: Record<ErrorCode, string> = {
    'not-found': `${system} has no such record.`,
    'invalid-input': `${system} says the input is not valid.`,
    'not-provisioned': `This commune is not yet provisioned on ${system}. This is not an outage: ask the provincial department to grant the commune access.`,
    unauthorized: `The gateway could not log in to ${system}. Provincial IT staff need to check the connection account.`,
    transient: `${system} is having trouble. Please try again later.`,
    timeout: `${system} did not answer within the allowed time.`,
    'circuit-open': `${system} is down; the gateway has paused calls to let it recover.`,
    overloaded: `${system} is receiving too many requests at once.`,
    'client-deadline': `The deadline the client asked for (the Request-Timeout header) ran out before ${system} answered. This is not a fault of ${system}: allow more time or leave Request-Timeout out.`,
  };
  return (language === 'vi' ? vi : en)[error.code];
}

// Why a ticket ended without a result, in words: the one source of them. People read them in their language
// (Vietnamese unless asked otherwise) in GET answers, callbacks and the problem a replayed POST answers with; the
// ticket keeps the English ones as its operators' note. Times are on the clocks of Vietnam.
import { formatTime } from '../alerts/render/time.ts';
import type { Language } from '../alerts/render/words.ts';
import type { Ticket } from './types.ts';

/** The words for failure `code` of a ticket with these attempts and expiry; undefined for a code of no known kind. */
export function failureText(code: string, ticket: Pick<Ticket, 'attempts' | 'expiresAt'>, language: Language): string | undefined {
  const vi = language === 'vi';
  const attempts = `${ticket.attempts} attempt${ticket.attempts === 1 ? '' : 's'}`;
  switch (code) {
    case 'not-found':
      return vi ? 'Hệ thống nguồn không có bản ghi này.' : 'The upstream has no such record.';
    case 'invalid-input':
      return vi ? 'Hệ thống nguồn từ chối dữ liệu đầu vào vì không hợp lệ.' : 'The upstream rejected the input as invalid.';
    case 'not-provisioned':
      return vi ? 'Xã chưa được cấp quyền khai thác hệ thống nguồn này (không phải sự cố).' : 'The commune is not yet provisioned on this upstream (not an outage).';
    case 'attempts-exhausted':
      return vi ? `Hệ thống nguồn lỗi ${ticket.attempts} lần liên tiếp.` : `The upstream failed ${attempts} in a row.`;
    case 'expired': {
      const at = formatTime(ticket.expiresAt, language);
      return vi
        ? `Hệ thống nguồn không trả lời trước khi phiếu hết hạn lúc ${at} (giờ Việt Nam), sau ${ticket.attempts} lần gọi.`
        : `The upstream did not answer before the ticket expired at ${at} (Vietnam time), after ${attempts}.`;
    }
    default:
      return undefined;
  }
}

/** A failed ticket's words for its reader: the known kinds in `language`, anything else as stored. */
export function failureDetail(ticket: Pick<Ticket, 'failure' | 'attempts' | 'expiresAt'>, language: Language): string | undefined {
  return ticket.failure ? failureText(ticket.failure.code, ticket, language) ?? ticket.failure.detail : undefined;
}

// How a ticket that ended without a result says why, in the reader's language (Vietnamese unless asked otherwise):
// in GET answers, callbacks and the problem a replayed POST answers with. The failure stored with the ticket keeps
// its code and an operator's note; people read this text, with times in Asia/Ho_Chi_Minh.
import type { Ticket } from './types.ts';

export type TextLanguage = 'vi' | 'en';

const vietnamTime = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hour12: false,
});

/** The failure's words for people, or undefined when the ticket has not failed. */
export function failureDetail(ticket: Pick<Ticket, 'failure' | 'attempts' | 'expiresAt'>, language: TextLanguage): string | undefined {
  const code = ticket.failure?.code;
  if (code === undefined) return undefined;
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
      const at = vietnamTime.format(ticket.expiresAt);
      return vi
        ? `Hệ thống nguồn không trả lời trước khi phiếu hết hạn lúc ${at} (giờ Việt Nam), sau ${ticket.attempts} lần gọi.`
        : `The upstream did not answer before the ticket expired at ${at} (Vietnam time), after ${attempts}.`;
    }
    default:
      return ticket.failure?.detail;
  }
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmtpSendMail } from '../../runtime/smtp.ts';
import { sampleAlert, sampleResolution } from '../testing/alerts.ts';
import { parseMail } from '../testing/mime.ts';
import { startSmtpServer, type TestSmtpServer } from '../testing/smtp.ts';
import type { EmailChannelConfig } from './create-channels.ts';
import { AlertDeliveryError } from './channel.ts';
import { createEmailChannel } from './email.ts';

let smtp: TestSmtpServer;
beforeEach(async () => {
  smtp = await startSmtpServer();
});
afterEach(async () => {
  await smtp.close();
});

function channel() {
  const config: EmailChannelConfig = {
    type: 'email', name: 'ops-mail', rules: ['down'], language: 'vi', dailySummary: true,
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false },
    from: 'Cổng kết nối <canh-bao@tinh.gov.vn>', to: ['vanhanh@tinh.gov.vn', 'cntt@tinh.gov.vn'],
  };
  const sendMail = createSmtpSendMail(config, undefined, { timeoutMs: 5_000 });
  return createEmailChannel({ name: config.name, from: config.from, to: config.to, language: 'vi', statusPageUrl: 'https://gw/status', sendMail });
}

describe('email channel over a real SMTP server', () => {
  it('delivers the alert with its Vietnamese subject, a plain-text and an HTML part', async () => {
    await channel().send(sampleAlert(), AbortSignal.timeout(5_000));
    const [mail] = await smtp.received(1);
    expect(mail!.to).toEqual(['vanhanh@tinh.gov.vn', 'cntt@tinh.gov.vn']);
    expect(mail!.from).toBe('canh-bao@tinh.gov.vn');
    const parsed = parseMail(mail!.raw);
    expect(parsed.subject).toBe('[SỰ CỐ] CSDL quốc gia về dân cư ngừng hoạt động từ 14:32 ngày 05/03/2025');
    expect(parsed.text).toContain('xác thực công dân đang được xếp hàng chờ');
    expect(parsed.text).toContain('Xã bị ảnh hưởng: 2 xã (21085, 21088)');
    expect(parsed.html).toContain('<html lang="vi">');
    expect(parsed.html).toContain('Yêu cầu xác thực đang chờ');
    expect(parsed.headers['x-alert-key']).toBe('down/population/inc-1');
  });

  it('threads the recovery under the first message of the alert', async () => {
    await channel().send(sampleAlert(), AbortSignal.timeout(5_000));
    await channel().send(sampleResolution(), AbortSignal.timeout(5_000));
    const [first, second] = (await smtp.received(2)).map((mail) => parseMail(mail.raw));
    expect(second!.subject).toBe('[ĐÃ KHÔI PHỤC] CSDL quốc gia về dân cư hoạt động trở lại lúc 15:05 ngày 05/03/2025');
    expect(second!.headers['in-reply-to']).toBe(first!.headers['message-id']);
  });

  it('classifies SMTP refusals: 451 may pass later, 550 will not', async () => {
    smtp.refuse({ code: 451, message: 'try again later' });
    const later = await channel().send(sampleAlert(), AbortSignal.timeout(5_000)).catch((error: unknown) => error);
    expect(later).toBeInstanceOf(AlertDeliveryError);
    expect(later).toMatchObject({ retryable: true, status: 451 });
    smtp.refuse({ code: 550, message: 'mailbox unavailable' });
    expect(await channel().send(sampleAlert(), AbortSignal.timeout(5_000)).catch((error: unknown) => error)).toMatchObject({ retryable: false, status: 550 });
  });

  it('treats a mail server that is not there as a failure that may pass', async () => {
    await smtp.close();
    const error = await channel().send(sampleAlert(), AbortSignal.timeout(5_000)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ retryable: true });
    smtp = await startSmtpServer();
  });
});

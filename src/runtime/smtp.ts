// The SMTP transport of an email alert channel, on nodemailer (Node only, hence here). One pooled-less
// transport per channel; its own timeouts bound a send, so a stuck mail server never holds the outbox.
import { createTransport } from 'nodemailer';
import type { EmailChannelConfig } from '../alerts/channels/create-channels.ts';
import type { SendMail } from '../alerts/channels/email.ts';

export interface SmtpOptions {
  /** Connection, greeting and socket inactivity limit, ms. */
  timeoutMs: number;
}

export function createSmtpSendMail(channel: EmailChannelConfig, password: string | undefined, options: SmtpOptions): SendMail {
  const { smtp } = channel;
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.username ? { auth: { user: smtp.username, pass: password ?? '' } } : {}),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return async function sendMail(message) {
    await transport.sendMail({
      from: message.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: message.messageId,
      ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
      ...(message.references ? { references: message.references } : {}),
      headers: message.headers,
      textEncoding: 'quoted-printable',
    });
  };
}

// Email: plain text and HTML in one message, UTF-8 subject, threaded (reminders and the resolution reply to the
// first message of the alert). The SMTP transport is injected (nodemailer, built in src/runtime/smtp.ts).
import { renderAlert } from '../render/alert.ts';
import { renderDailySummary } from '../render/summary.ts';
import type { Language } from '../render/words.ts';
import { AlertDeliveryError, type AlertChannel } from './channel.ts';

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo?: string | undefined;
  references?: string[] | undefined;
  headers: Record<string, string>;
}

/** Sends one message over SMTP; rejects with the transport's error (nodemailer's carries `responseCode`, `code`). */
export type SendMail = (message: MailMessage) => Promise<void>;

export interface EmailChannelOptions {
  name: string;
  from: string;
  to: readonly string[];
  language: Language;
  statusPageUrl?: string | undefined;
  sendMail: SendMail;
}

const messageId = (id: string, channel: string) => `<${id.replace(/[^A-Za-z0-9._#/+=-]/g, '.')}.${channel}@commune-gateway>`;

/**
 * An SMTP failure, classified: a 4xx reply may pass, a 5xx will not; without a reply (connection refused, reset,
 * timeout) it may pass, except a message the transport itself refuses (`EENVELOPE`, `EMESSAGE`).
 */
export function classifySmtpError(channel: string, error: unknown): AlertDeliveryError {
  const { responseCode, code, message } = (error ?? {}) as { responseCode?: unknown; code?: unknown; message?: unknown };
  const reply = typeof responseCode === 'number' ? responseCode : undefined;
  const retryable = reply !== undefined ? reply < 500 : !['EENVELOPE', 'EMESSAGE'].includes(String(code));
  const text = `SMTP ${reply ?? String(code ?? 'error')}: ${String(message ?? '')}`.slice(0, 200);
  return new AlertDeliveryError(channel, text, { retryable, status: reply, cause: error });
}

export function createEmailChannel(options: EmailChannelOptions): AlertChannel {
  const render = { language: options.language, statusPageUrl: options.statusPageUrl };
  return {
    name: options.name,
    async send(message, signal) {
      const rendered = message.kind === 'alert' ? renderAlert(message, render) : renderDailySummary(message, render);
      const first = message.kind === 'alert' && message.phase !== 'firing' ? messageId(`${message.dedupKey}#firing`, options.name) : undefined;
      const mail: MailMessage = {
        from: options.from,
        to: [...options.to],
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: messageId(message.id, options.name),
        inReplyTo: first,
        references: first ? [first] : undefined,
        headers: message.kind === 'alert'
          ? { 'X-Alert-Key': message.dedupKey, 'X-Alert-Phase': message.phase, 'X-Alert-Severity': message.severity }
          : { 'X-Alert-Key': message.id },
      };
      signal.throwIfAborted();
      try {
        await options.sendMail(mail);
      } catch (error) {
        throw classifySmtpError(options.name, error);
      }
    },
  };
}

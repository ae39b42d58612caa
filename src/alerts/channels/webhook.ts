// Generic JSON webhook, signed with Standard Webhooks headers (the queue's signing helper): the message with its
// rendered subject and text, so a receiver can forward it (chat, SMS gateway) or act on the fields.
import { secretBytes, webhookHeaders } from '../../queue/webhook-signature.ts';
import { renderAlert } from '../render/alert.ts';
import { renderDailySummary } from '../render/summary.ts';
import type { Language } from '../render/words.ts';
import type { Notification } from '../types.ts';
import { checkResponse, postJson, type AlertChannel, type Fetch } from './channel.ts';

export interface WebhookChannelOptions {
  name: string;
  url: string;
  /** `whsec_<base64>`. */
  secret: string;
  language: Language;
  statusPageUrl?: string | undefined;
  fetch: Fetch;
  /** Epoch ms. */
  now: () => number;
}

/**
 * Body: `{"type": "alert.firing" | "alert.reminder" | "alert.resolved" | "report.daily", "timestamp", "data": {…the
 * message, "subject", "text", "statusPageUrl"}}`. `webhook-id` is the message id, the same on every retry.
 */
export function webhookBody(message: Notification, options: Pick<WebhookChannelOptions, 'language' | 'statusPageUrl'>, nowMs: number): string {
  const render = { language: options.language, statusPageUrl: options.statusPageUrl };
  const rendered = message.kind === 'alert' ? renderAlert(message, render) : renderDailySummary(message, render);
  const type = message.kind === 'alert' ? `alert.${message.phase}` : 'report.daily';
  const data = { ...message, subject: rendered.subject, text: rendered.text, statusPageUrl: options.statusPageUrl ?? null };
  return JSON.stringify({ type, timestamp: new Date(nowMs).toISOString(), data });
}

export function createWebhookChannel(options: WebhookChannelOptions): AlertChannel {
  secretBytes(options.secret); // a secret that is not base64 fails at start, not at the first outage
  return {
    name: options.name,
    async send(message, signal) {
      const now = options.now();
      const body = webhookBody(message, options, now);
      const headers = await webhookHeaders(options.secret, message.id, Math.floor(now / 1000), body);
      const response = await postJson(options.name, options.fetch, options.url, body, { ...headers }, signal);
      await checkResponse(options.name, response, options.now());
    },
  };
}

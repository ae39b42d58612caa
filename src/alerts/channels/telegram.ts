// Telegram bot API: POST <base>/bot<token>/sendMessage with the message in Telegram's HTML subset. The token is
// part of the URL, so no error message ever quotes the URL.
import { renderAlert } from '../render/alert.ts';
import { renderDailySummary } from '../render/summary.ts';
import type { Language } from '../render/words.ts';
import { AlertDeliveryError, isRetryableStatus, postJson, type AlertChannel, type Fetch } from './channel.ts';

export interface TelegramChannelOptions {
  name: string;
  botToken: string;
  /** A chat id (number) or `@channelname`. */
  chatId: string | number;
  /** Default `https://api.telegram.org`. */
  apiBaseUrl?: string | undefined;
  language: Language;
  statusPageUrl?: string | undefined;
  fetch: Fetch;
}

interface TelegramAnswer {
  ok?: boolean;
  description?: string;
  parameters?: { retry_after?: number };
}

export function createTelegramChannel(options: TelegramChannelOptions): AlertChannel {
  const endpoint = `${(options.apiBaseUrl ?? 'https://api.telegram.org').replace(/\/+$/, '')}/bot${options.botToken}/sendMessage`;
  const render = { language: options.language, statusPageUrl: options.statusPageUrl };
  return {
    name: options.name,
    async send(message, signal) {
      const text = (message.kind === 'alert' ? renderAlert(message, render) : renderDailySummary(message, render)).telegram;
      const body = JSON.stringify({ chat_id: options.chatId, text, parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
      const response = await postJson(options.name, options.fetch, endpoint, body, {}, signal);
      const answer = (await response.json().catch(() => ({}))) as TelegramAnswer;
      if (response.ok && answer.ok !== false) return;
      throw new AlertDeliveryError(options.name, `Telegram answered ${response.status}: ${(answer.description ?? '').slice(0, 200)}`, {
        retryable: isRetryableStatus(response.status),
        retryAfterSeconds: answer.parameters?.retry_after,
        status: response.status,
      });
    },
  };
}

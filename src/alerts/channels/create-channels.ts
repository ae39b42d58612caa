// Builds the configured channels, the one place that knows every channel type.
import type { AlertsConfig, ChannelConfig, SecretRef } from '../config.ts';
import { createAlertmanagerChannel } from './alertmanager.ts';
import type { AlertChannel, Fetch } from './channel.ts';
import { createEmailChannel, type SendMail } from './email.ts';
import { createTelegramChannel } from './telegram.ts';
import { createWebhookChannel } from './webhook.ts';

export type EmailChannelConfig = Extract<ChannelConfig, { type: 'email' }>;

export interface ChannelDependencies {
  fetch: Fetch;
  /** Epoch ms. */
  now: () => number;
  /** Resolves a secret (inline or from the environment); `key` names it in errors. */
  secret: (ref: SecretRef, key: string) => string;
  /** The SMTP transport of an email channel, with its resolved password (src/runtime/smtp.ts builds it on nodemailer). */
  sendMailFor: (channel: EmailChannelConfig, password: string | undefined) => SendMail;
}

export function createChannels(config: AlertsConfig, deps: ChannelDependencies): AlertChannel[] {
  return config.channels.map((channel, index) => {
    const key = (field: string) => `alerts.channels.${index}.${field}`;
    const common = { name: channel.name, language: channel.language, statusPageUrl: config.statusPageUrl };
    switch (channel.type) {
      case 'webhook':
        return createWebhookChannel({ ...common, url: channel.url, secret: deps.secret(channel.secret, key('secret')), fetch: deps.fetch, now: deps.now });
      case 'alertmanager':
        return createAlertmanagerChannel({
          ...common, url: channel.url, labels: channel.labels, fetch: deps.fetch, now: deps.now,
          bearerToken: channel.bearerToken === undefined ? undefined : deps.secret(channel.bearerToken, key('bearerToken')),
        });
      case 'email': {
        const password = channel.smtp.password === undefined ? undefined : deps.secret(channel.smtp.password, key('smtp.password'));
        return createEmailChannel({ ...common, from: channel.from, to: channel.to, sendMail: deps.sendMailFor(channel, password) });
      }
      case 'telegram':
        return createTelegramChannel({
          ...common, chatId: channel.chatId, apiBaseUrl: channel.apiBaseUrl, fetch: deps.fetch,
          botToken: deps.secret(channel.botToken, key('botToken')),
        });
    }
  });
}

// Prometheus Alertmanager: POST <url>/api/v2/alerts with the v2 payload, so provinces that run it get grouping,
// silences and their own routing. A resolution re-posts the same labels with `endsAt`. Alertmanager resolves an
// alert it has not heard of for `resolve_timeout` (default 5 min): give this channel a reminder interval below it.
import { alertDocument } from '../render/alert.ts';
import { toText } from '../render/document.ts';
import type { Language } from '../render/words.ts';
import type { Alert, AlertRef, AlertRule } from '../types.ts';
import { checkResponse, postJson, type AlertChannel, type Fetch } from './channel.ts';

export interface AlertmanagerChannelOptions {
  name: string;
  /** Alertmanager's base URL, e.g. `http://alertmanager:9093`. */
  url: string;
  bearerToken?: string | undefined;
  /** Extra labels on every alert (e.g. `province`). */
  labels?: Record<string, string> | undefined;
  language: Language;
  statusPageUrl?: string | undefined;
  fetch: Fetch;
  now: () => number;
}

/** One element of the `POST /api/v2/alerts` body (postableAlert). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: { summary: string; description: string };
  startsAt: string;
  endsAt?: string;
  generatorURL?: string;
}

export const ALERT_NAMES: Record<AlertRule, string> = {
  down: 'UpstreamDown',
  degraded: 'UpstreamDegraded',
  backlog: 'VerificationBacklog',
  credentials: 'UpstreamCredentialsRefused',
  flapping: 'UpstreamFlapping',
};

/** The identity of an alert in Alertmanager: the same for its firing, reminders and resolution. */
export function alertLabels(ref: AlertRef, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...extra,
    alertname: ALERT_NAMES[ref.rule],
    service: 'commune-gateway',
    upstream: ref.upstream,
    severity: ref.severity,
    dedup_key: ref.dedupKey,
    ...(ref.incidentId ? { incident: ref.incidentId } : {}),
  };
}

export function alertmanagerPayload(alert: Alert, options: Pick<AlertmanagerChannelOptions, 'labels' | 'language' | 'statusPageUrl'>): PostableAlert[] {
  const doc = alertDocument(alert, { language: options.language, statusPageUrl: options.statusPageUrl });
  const iso = (ms: number) => new Date(ms).toISOString();
  const entry = (ref: AlertRef, endsAt: number | null): PostableAlert => ({
    labels: alertLabels(ref, options.labels),
    annotations: { summary: doc.subject, description: toText({ ...doc, link: undefined }).trim() },
    startsAt: iso(ref.startsAt),
    ...(endsAt === null ? {} : { endsAt: iso(endsAt) }),
    ...(options.statusPageUrl ? { generatorURL: options.statusPageUrl } : {}),
  });
  const resolvedAt = alert.phase === 'resolved' ? alert.endsAt ?? alert.at : null;
  // An alert this one supersedes stays firing: it gets its own resolution when the episode ends (once).
  return [entry(alert, resolvedAt)];
}

export function createAlertmanagerChannel(options: AlertmanagerChannelOptions): AlertChannel {
  const endpoint = `${options.url.replace(/\/+$/, '')}/api/v2/alerts`;
  const headers: Record<string, string> = options.bearerToken ? { authorization: `Bearer ${options.bearerToken}` } : {};
  return {
    name: options.name,
    async send(message, signal) {
      if (message.kind !== 'alert') return; // reports are for people; Alertmanager takes alerts only
      const body = JSON.stringify(alertmanagerPayload(message, options));
      const response = await postJson(options.name, options.fetch, endpoint, body, headers, signal);
      await checkResponse(options.name, response, options.now());
    },
  };
}

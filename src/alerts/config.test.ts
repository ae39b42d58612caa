import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, maskedConfig, parseConfig } from '../config/load.ts';

const base = readFileSync('config/demo.yaml', 'utf8');

describe('alerts configuration', () => {
  it('defaults to no channels, hourly reminders and the documented rule thresholds', () => {
    const { alerts } = parseConfig(base, 'demo.yaml');
    expect(alerts.channels).toEqual([]);
    expect(alerts.reminderIntervalMs).toBe(3_600_000);
    expect(alerts.rules).toMatchObject({
      down: { enabled: true, forMs: 0, severity: 'critical' },
      degraded: { windowMs: 600_000 },
      backlog: { maxQueued: 50, maxOldestAgeMs: 900_000 },
      credentials: { forMs: 60_000 },
      flapping: { windowMs: 1_800_000, threshold: 3 },
    });
    expect(alerts.dailySummary).toEqual({ enabled: false, at: '07:00' });
  });

  it('reads every channel type, with secrets from the environment, and masks them in the start-up log', () => {
    const config = parseConfig(`${base}
alerts:
  statusPageUrl: https://cong.tinh.gov.vn/status
  adminKeySha256: ${'a'.repeat(64)}
  dailySummary: { enabled: true, at: "07:30" }
  channels:
    - { name: ops-hook, type: webhook, url: "https://ops.tinh.gov.vn/hooks/gw", secret: "whsec_c2VjcmV0" }
    - { name: am, type: alertmanager, url: "http://alertmanager:9093", labels: { province: "51" } }
    - name: ops-mail
      type: email
      dailySummary: true
      rules: [down, credentials]
      smtp: { host: mail.tinh.gov.vn, username: canhbao, password: { env: SMTP_PASSWORD } }
      from: "Cổng kết nối <canh-bao@tinh.gov.vn>"
      to: [vanhanh@tinh.gov.vn]
    - { name: tg, type: telegram, botToken: { env: TG_TOKEN }, chatId: -100123, language: en }
`, 'alerts.yaml');
    expect(config.alerts.channels.map((channel) => [channel.type, channel.name])).toEqual([
      ['webhook', 'ops-hook'], ['alertmanager', 'am'], ['email', 'ops-mail'], ['telegram', 'tg'],
    ]);
    const masked = JSON.stringify(maskedConfig(config));
    expect(masked).not.toContain('whsec_c2VjcmV0');
    expect(masked).not.toContain('a'.repeat(64));
  });

  it('refuses a bad channel with the key and the problem', () => {
    const bad = `${base}
alerts:
  channels:
    - { name: Ops, type: webhook, url: "ftp://x", secret: s }
    - { name: ops, type: pager }
`;
    expect(() => parseConfig(bad, 'alerts.yaml')).toThrow(ConfigError);
    try {
      parseConfig(bad, 'alerts.yaml');
    } catch (error) {
      expect((error as Error).message).toContain('alerts.channels.0.name');
      expect((error as Error).message).toContain('alerts.channels.0.url');
      expect((error as Error).message).toContain('alerts.channels.1.type');
    }
  });
});

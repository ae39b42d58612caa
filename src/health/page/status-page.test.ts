import { describe, expect, it } from 'vitest';
import { createMemoryHealthStore } from '../memory-store.ts';
import { createHealthRegistry } from '../registry.ts';
import type { ProbeOutcome, UpstreamName } from '../types.ts';
import { createStatusPageLoader } from './page-data.ts';
import { renderLiveSection } from './status-page.tsx';

const T0 = Date.UTC(2026, 2, 2, 2, 0, 0);

/** The visible text of an HTML fragment, roughly (tooltips and hidden marks left out). */
const visible = (html: string) => html.replace(/<span aria-hidden="true">[^<]*<\/span>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

function page(options: { queueDepth?: number } = {}) {
  let clock = T0;
  const store = createMemoryHealthStore();
  const probes = { operation: 'lookup-citizen', failureThreshold: 3, successThreshold: 2 };
  const registry = createHealthRegistry({
    store,
    now: () => clock,
    probes: { population: probes, 'civil-status': probes, land: probes },
    incidents: { openDownAfterMs: 0, openDegradedAfterMs: 60_000, closeAfterMs: 120_000 },
    queueStats: () => ({ depth: options.queueDepth ?? 0, oldestTicketAt: options.queueDepth ? T0 : null }),
  });
  const load = createStatusPageLoader(0);
  const health = { registry, store, ready: async () => {} };
  return {
    registry,
    advance: (ms: number) => void (clock += ms),
    async probe(outcome: ProbeOutcome, upstreams: UpstreamName[] = ['population', 'civil-status', 'land']) {
      for (const upstream of upstreams) registry.recordProbe({ upstream, operation: 'lookup-citizen', outcome, at: clock, latencyMs: 30, loggedIn: true });
      await registry.evaluate();
    },
    async html() {
      return renderLiveSection({ data: await load(health, clock), language: 'vi', now: clock });
    },
  };
}

describe('status page tells IT staff the truth', () => {
  it('never shows "no figures yet" as healthy: failing first probes are not a green page', async () => {
    const p = page();
    await p.probe('timeout');
    const html = await p.html();
    const text = visible(html);
    expect(text).not.toContain('Tất cả hệ thống hoạt động bình thường');
    expect(html).not.toContain('data-status="pass"');
    expect(text).toContain('Chưa đủ số liệu');
  });

  it('shows uptime over the time actually observed and says so, with the minute in progress counted', async () => {
    const p = page();
    await p.probe('ok');
    for (let i = 0; i < 3; i++) await p.probe('failed');
    p.advance(30_000);
    const text = visible(await p.html());
    expect(text).not.toMatch(/100\s?%/);
    expect(text).toMatch(/24 giờ qua: 0\s?% \(trên 1 phút có số liệu\)/);
  });

  it('says requests are queued only while some are', async () => {
    const drained = page();
    await drained.probe('ok');
    for (let i = 0; i < 3; i++) await drained.probe('failed', ['population']);
    const empty = visible(await drained.html());
    expect(empty).toContain('Có hệ thống đang gián đoạn.');
    expect(empty).not.toContain('Yêu cầu xác thực được xếp hàng');
    const queued = page({ queueDepth: 4 });
    await queued.probe('ok');
    for (let i = 0; i < 3; i++) await queued.probe('failed', ['population']);
    expect(visible(await queued.html())).toContain('Yêu cầu xác thực được xếp hàng');
  });

  it('keeps no red "incident ongoing" box on a card that is back to normal while the incident waits to close', async () => {
    const p = page();
    await p.probe('ok');
    for (let i = 0; i < 3; i++) await p.probe('failed', ['population']);
    p.advance(10_000);
    await p.probe('ok', ['population']);
    await p.probe('ok', ['population']);
    const html = await p.html();
    const card = html.slice(html.indexOf('id="up-population"'), html.indexOf('id="up-civil-status"'));
    expect(visible(card)).not.toContain('Sự cố đang diễn ra');
    expect(visible(card)).toContain('Đã hoạt động lại');
  });

  it('speaks plain Vietnamese: no "p95/p99" or "Ngắt mạch" in the visible text', async () => {
    const p = page();
    await p.probe('ok');
    const text = visible(await p.html());
    expect(text).not.toMatch(/p95|p99|Ngắt mạch/);
    expect(text).toContain('Thời gian trả lời');
  });
});

// The status page for IT staff: server-rendered, one card per upstream, incidents, a live fragment that the
// inline script refreshes without a full reload. Vietnamese by default, English with ?lang=en.
import { raw } from 'hono/html';
import type { HealthSnapshot } from '../snapshot.ts';
import { statusReport } from '../status-report.ts';
import { STYLE, SCRIPT } from './assets.ts';
import { createFormatters } from './format.ts';
import { IncidentTable } from './incident-table.tsx';
import type { StatusPageData } from './page-data.ts';
import { TEXTS, type CommuneView, type PageLanguage } from './texts.ts';
import { hasNoData, UpstreamCard } from './upstream-card.tsx';

export interface StatusPageProps {
  data: StatusPageData;
  language: PageLanguage;
  now: number;
  /** The commune the page is judged for, kept when switching language. */
  communeCode?: string | undefined;
  /** What `?commune=` asked for, said under the title. */
  communeView?: CommuneView | undefined;
}

/** The part of the page that refreshes itself: summary, cards, incidents. */
export function LiveSection({ data, language, now }: StatusPageProps) {
  const texts = TEXTS[language];
  const format = createFormatters(language, texts);
  const overall = summaryOf(data.snapshot);
  const summaryClass = { pass: 's-operational', warn: 's-degraded', fail: 's-down', failQueued: 's-down', unknown: 's-none' }[overall];
  return (
    <>
      <p class={`summary ${summaryClass}`} data-status={overall === 'failQueued' ? 'fail' : overall}>{texts.summary[overall]}</p>
      <p class="updated">{texts.updatedAt} <time datetime={new Date(now).toISOString()}>{format.dateTime(now)}</time> (Asia/Ho_Chi_Minh)</p>
      <section class="cards">
        {data.snapshot.upstreams.map((health) => (
          <UpstreamCard health={health} uptime={data.uptime[health.upstream]} texts={texts} format={format} now={now} />
        ))}
      </section>
      <ul class="legend" aria-label={texts.legend}>
        {(['operational', 'degraded', 'down', 'not-provisioned', 'maintenance'] as const).map((state) => (
          <li class={`s-${state}`}>{texts.states[state]}</li>
        ))}
      </ul>
      <IncidentTable incidents={data.incidents} texts={texts} format={format} now={now} />
    </>
  );
}

/**
 * The banner: down wins (saying tickets are queued only while some wait), then degraded or maintenance, then
 * "not enough figures yet" (never green without evidence), then all good.
 */
export function summaryOf(snapshot: HealthSnapshot): 'pass' | 'warn' | 'fail' | 'failQueued' | 'unknown' {
  const status = statusReport(snapshot).status;
  if (status === 'fail') return snapshot.upstreams.some((health) => (health.queue?.depth ?? 0) > 0) ? 'failQueued' : 'fail';
  const judged = snapshot.upstreams.filter((health) => !hasNoData(health));
  if (judged.some((health) => health.state === 'degraded' || health.state === 'maintenance')) return 'warn';
  return judged.length < snapshot.upstreams.length ? 'unknown' : 'pass';
}

export function StatusPage(props: StatusPageProps) {
  const texts = TEXTS[props.language];
  return (
    <html lang={props.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{texts.title}</title>
        <noscript>{raw('<meta http-equiv="refresh" content="30">')}</noscript>
        <style>{raw(STYLE)}</style>
      </head>
      <body>
        <header>
          <h1>{texts.title}</h1>
          <a class="lang" href={`?${texts.switchTo.query}${props.communeCode ? `&commune=${props.communeCode}` : ''}`} hreflang={texts.switchTo.lang} lang={texts.switchTo.lang}>{texts.switchTo.label}</a>
        </header>
        <main>
          {props.communeView && <p class="commune-view">{texts.communeView(props.communeView)}</p>}
          <p class="intro">{texts.intro}</p>
          <div id="live"><LiveSection {...props} /></div>
        </main>
        <p id="offline" role="status" hidden>{texts.offline}</p>
        <script>{raw(SCRIPT)}</script>
      </body>
    </html>
  );
}

/** The whole document as text, doctype included. */
export async function renderStatusPage(props: StatusPageProps): Promise<string> {
  return `<!doctype html>${await (<StatusPage {...props} />).toString()}`;
}

/** Only the live fragment (what the script swaps in). */
export async function renderLiveSection(props: StatusPageProps): Promise<string> {
  return (<LiveSection {...props} />).toString();
}

// One card per upstream: the state in words, shape and colour, since when, the figures, the last probe, uptime.
import type { UpstreamHealth } from '../snapshot.ts';
import type { HealthState } from '../types.ts';
import { observedMinutes, type UptimeHistory, type UptimePeriod } from '../uptime.ts';
import type { Formatters } from './format.ts';
import type { PageTexts } from './texts.ts';

/** A shape per state so that the state never rests on colour alone. */
export const STATE_MARK: Record<HealthState, string> = {
  operational: '✓', degraded: '▲', down: '✕', 'not-provisioned': '⊘', maintenance: '⚙',
};

export interface CardProps {
  health: UpstreamHealth;
  uptime: UptimeHistory;
  texts: PageTexts;
  format: Formatters;
  now: number;
}

/** No figures yet: shown as such (grey), never as operational. */
export const hasNoData = (health: UpstreamHealth) => health.state === 'operational' && health.reasons.includes('no-data');

/** The headline: "Không đăng nhập được" when that is the reason, "no figures yet", else the state's words. */
export function stateLabel(health: UpstreamHealth, texts: PageTexts): string {
  if (hasNoData(health)) return texts.noData;
  return health.state === 'degraded' && health.reasons.includes('cannot-log-in') ? texts.cannotLogIn : texts.states[health.state];
}

const isBad = (health: UpstreamHealth) => health.state === 'down' || health.state === 'degraded';

export function UpstreamCard({ health, uptime, texts, format, now }: CardProps) {
  const id = `up-${health.upstream}`;
  const { traffic } = health;
  const noData = hasNoData(health);
  const reasons = health.reasons.filter((reason) => reason !== 'no-data');
  const incident = health.openIncident;
  return (
    <article class="card" id={id} aria-labelledby={`${id}-name`} data-state={noData ? 'no-data' : health.state}>
      <h2 id={`${id}-name`}>{texts.upstreams(health.upstream)}</h2>
      <p class={`state s-${noData ? 'none' : health.state}`}>
        <span aria-hidden="true">{noData ? '?' : STATE_MARK[health.state]} </span>
        <span class="state-text">{stateLabel(health, texts)}</span>
      </p>
      {reasons.length > 0 && <ul class="reasons">{reasons.map((reason) => <li>{texts.reasons[reason]}</li>)}</ul>}
      {incident && (isBad(health)
        ? <p class="note">{texts.openIncident(format.dateTime(incident.startedAt))}</p>
        : <p class="note note-recovering">{texts.recovering(format.dateTime(health.since), format.dateTime(incident.startedAt))}</p>)}
      {health.maintenance && (
        <p class="note">{texts.maintenance(format.dateTime(health.maintenance.fromMs), format.dateTime(health.maintenance.toMs))}{health.maintenance.note ? ` — ${health.maintenance.note}` : ''}</p>
      )}
      <dl>
        <dt>{texts.since}</dt>
        <dd><time datetime={new Date(health.since).toISOString()}>{format.dateTime(health.since)}</time> ({format.duration(now - health.since)})</dd>
        <dt>{texts.latency}</dt>
        <dd title={traffic.latencyMs ? texts.latencyDetails(format.ms(traffic.latencyMs.p50), format.ms(traffic.latencyMs.p95), format.ms(traffic.latencyMs.p99)) : undefined}>
          {traffic.latencyMs ? texts.latencyValue(format.ms(traffic.latencyMs.p50), format.ms(traffic.latencyMs.p95)) : '—'}
        </dd>
        <dt>{texts.errorRate}</dt>
        <dd>{traffic.upstreamCalls === 0 ? texts.noCalls : `${format.percent(traffic.errorRate, 1)} (${texts.calls(format.count(traffic.upstreamCalls))})`}</dd>
        <dt title={texts.breakerDetails}>{texts.breaker}</dt>
        <dd title={texts.breakerDetails}>{texts.breakers[health.breaker]}</dd>
        <dt>{texts.queue}</dt>
        <dd>{queueText(health, texts, format, now)}</dd>
        <dt>{texts.lastProbe}</dt>
        <dd>{probeText(health, texts, format)}</dd>
        {health.notProvisionedCommunes.length > 0 && <dt>{texts.notProvisionedFor}</dt>}
        {health.notProvisionedCommunes.length > 0 && <dd>{health.notProvisionedCommunes.join(', ')}</dd>}
      </dl>
      <UptimeBars uptime={uptime} texts={texts} format={format} />
    </article>
  );
}

function queueText(health: UpstreamHealth, texts: PageTexts, format: Formatters, now: number): string {
  const { queue } = health;
  if (!queue) return texts.queueUnknown;
  if (queue.depth === 0) return texts.queueNone;
  const waiting = texts.queueWaiting(format.count(queue.depth));
  return queue.oldestTicketAt === null ? waiting : `${waiting}; ${texts.oldestTicket(format.duration(now - queue.oldestTicketAt))}`;
}

function probeText(health: UpstreamHealth, texts: PageTexts, format: Formatters): string {
  const { probe } = health;
  if (!probe.configured) return texts.noProbe;
  if (!probe.last) return texts.probeNotRun;
  const { last } = probe;
  const step = last.failedStep ? ` (${texts.failedStep(last.failedStep)})` : '';
  return `${format.dateTime(last.at)}: ${texts.probeOutcomes[last.outcome]}${step}, ${format.ms(last.latencyMs)}`;
}

const PERIOD_MINUTES: Record<UptimePeriod, number> = { day: 24 * 60, week: 7 * 24 * 60, quarter: 90 * 24 * 60 };

/**
 * Each period's share over the minutes actually recorded, saying how many when fewer than the period; a longer
 * period that holds nothing more than the shorter one is left out (it would only repeat the same figure).
 */
export function uptimeShares(uptime: UptimeHistory, texts: PageTexts, format: Formatters): string {
  const parts: string[] = [];
  let previous = -1;
  for (const period of ['day', 'week', 'quarter'] as const) {
    const observed = observedMinutes(uptime.counts[period]);
    if (observed === previous) continue;
    previous = observed;
    const partial = observed < PERIOD_MINUTES[period] ? format.duration(observed * 60_000) : null;
    parts.push(texts.uptimeShare(period, format.percent(uptime[period]), observed === 0 ? null : partial));
  }
  return parts.join(' · ');
}

function UptimeBars({ uptime, texts, format }: { uptime: UptimeHistory; texts: PageTexts; format: Formatters }) {
  return (
    <div class="uptime">
      <h3 class="sr">{texts.uptime}</h3>
      <p class="shares">{texts.uptimeLabel}: {uptimeShares(uptime, texts, format)}</p>
      <ul class="bars" aria-label={texts.uptime}>
        {uptime.bars.map((bar) => {
          const label = texts.uptimeBar(format.time(bar.fromMs), bar.state ? texts.states[bar.state] : texts.noRecord, bar.uptime === null ? null : format.percent(bar.uptime));
          return <li class={`s-${bar.state ?? 'none'}`} title={label}><span class="sr">{label}</span></li>;
        })}
      </ul>
      <div class="bar-axis" aria-hidden="true"><span>{texts.hoursAgo24}</span><span>{texts.now}</span></div>
    </div>
  );
}

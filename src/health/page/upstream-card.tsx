// One card per upstream: the state in words, shape and colour, since when, the figures, the last probe, uptime.
import type { UpstreamHealth } from '../snapshot.ts';
import type { HealthState } from '../types.ts';
import type { UptimeHistory } from '../uptime.ts';
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

/** The headline: "Không đăng nhập được" when that is the reason, else the state's words. */
export function stateLabel(health: UpstreamHealth, texts: PageTexts): string {
  return health.state === 'degraded' && health.reasons.includes('cannot-log-in') ? texts.cannotLogIn : texts.states[health.state];
}

export function UpstreamCard({ health, uptime, texts, format, now }: CardProps) {
  const id = `up-${health.upstream}`;
  const { traffic } = health;
  const reasons = health.reasons.filter((reason) => reason !== 'no-data' || health.state === 'operational');
  return (
    <article class="card" id={id} aria-labelledby={`${id}-name`} data-state={health.state}>
      <h2 id={`${id}-name`}>{texts.upstreams[health.upstream]}</h2>
      <p class={`state s-${health.state}`}>
        <span aria-hidden="true">{STATE_MARK[health.state]} </span>
        <span class="state-text">{stateLabel(health, texts)}</span>
      </p>
      {reasons.length > 0 && <ul class="reasons">{reasons.map((reason) => <li>{texts.reasons[reason]}</li>)}</ul>}
      {health.openIncident && <p class="note">{texts.openIncident(format.dateTime(health.openIncident.startedAt))}</p>}
      {health.maintenance && (
        <p class="note">{texts.maintenance(format.dateTime(health.maintenance.fromMs), format.dateTime(health.maintenance.toMs))}{health.maintenance.note ? ` — ${health.maintenance.note}` : ''}</p>
      )}
      <dl>
        <dt>{texts.since}</dt>
        <dd><time datetime={new Date(health.since).toISOString()}>{format.dateTime(health.since)}</time> ({format.duration(now - health.since)})</dd>
        <dt>{texts.latency}</dt>
        <dd>{traffic.latencyMs ? `${format.ms(traffic.latencyMs.p50)} / ${format.ms(traffic.latencyMs.p95)} / ${format.ms(traffic.latencyMs.p99)}` : '—'}</dd>
        <dt>{texts.errorRate}</dt>
        <dd>{traffic.upstreamCalls === 0 ? texts.noCalls : `${format.percent(traffic.errorRate, 1)} (${texts.calls(format.count(traffic.upstreamCalls))})`}</dd>
        <dt>{texts.breaker}</dt>
        <dd>{texts.breakers[health.breaker]}</dd>
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

function UptimeBars({ uptime, texts, format }: { uptime: UptimeHistory; texts: PageTexts; format: Formatters }) {
  return (
    <div class="uptime">
      <h3 class="sr">{texts.uptime}</h3>
      <p class="shares">{texts.uptimeShares(format.percent(uptime.day), format.percent(uptime.week), format.percent(uptime.quarter))}</p>
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

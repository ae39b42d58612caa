// The Grafana dashboard and the Prometheus alerting rules in deploy/ read only metrics the real gateway exports.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { metricNamesIn, metricNamesInVariableQuery } from '../support/promql-names.ts';

const DASHBOARD = 'deploy/grafana/dashboards/commune-gateway.json';
const DASHBOARD_PROVISIONING = 'deploy/grafana/provisioning/dashboards/commune-gateway.yml';
const RULES = 'deploy/prometheus/rules/commune-gateway.yml';
/** Series Prometheus makes itself for every scrape target; never on /metrics. */
const MADE_BY_PROMETHEUS = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);

interface Panel { title?: string; targets?: Array<{ expr?: string }>; panels?: Panel[] }
interface Dashboard { uid: string; title: string; panels: Panel[]; templating?: { list: Array<{ type: string; query?: string | { query: string } }> } }
interface Rule { alert: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }

const dashboard = () => JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
const rules = () => (parse(readFileSync(RULES, 'utf8')) as { groups: Array<{ name: string; rules: Rule[] }> }).groups.flatMap((group) => group.rules);

function panelsOf(panels: readonly Panel[]): Panel[] {
  return panels.flatMap((panel) => [panel, ...panelsOf(panel.panels ?? [])]);
}

function dashboardMetricNames(board: Dashboard): string[] {
  const fromPanels = panelsOf(board.panels).flatMap((panel) => (panel.targets ?? []).flatMap((target) => (target.expr ? metricNamesIn(target.expr) : [])));
  const fromVariables = (board.templating?.list ?? []).filter((variable) => variable.type === 'query').flatMap((variable) => {
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query ?? '';
    return metricNamesInVariableQuery(query);
  });
  return [...new Set([...fromPanels, ...fromVariables])];
}

/** Metric families declared on /metrics, and every sample name (histograms add _bucket, _sum and _count). */
function exposed(text: string): { families: Map<string, string>; samples: Set<string> } {
  const families = new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((match) => [match[1]!, match[2]!] as const));
  const samples = new Set([...text.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/gm)].map((match) => match[1]!));
  return { families, samples };
}

function isExposed(name: string, metrics: ReturnType<typeof exposed>): boolean {
  if (metrics.families.has(name) || metrics.samples.has(name) || MADE_BY_PROMETHEUS.has(name)) return true;
  const family = name.replace(/_(bucket|sum|count)$/, '');
  return ['histogram', 'summary'].includes(metrics.families.get(family) ?? '');
}

describe('the PromQL metric-name tokenizer', () => {
  it('reads metric names and skips functions, keywords, label lists, matchers, durations and Grafana variables', () => {
    expect(metricNamesIn('histogram_quantile(0.95, sum by (le, upstream) (rate(a_seconds_bucket{upstream=~"$upstream", x="b_total"}[$__rate_interval])))')).toEqual(['a_seconds_bucket']);
    expect(metricNamesIn('up{job="commune-gateway"} == 0')).toEqual(['up']);
    expect(metricNamesIn('sum(rate(b_total[5m] offset 1h)) by (upstream) / on (upstream) group_left(state) c > bool 0.2 and d unless e')).toEqual(['b_total', 'c', 'd', 'e']);
    expect(metricNamesInVariableQuery('label_values(gateway_upstream_calls_total{job="x"}, upstream)')).toEqual(['gateway_upstream_calls_total']);
  });
});

describe('deploy/ dashboards and alerting rules', () => {
  let gateway: TestGateway;
  let text: string;
  let metrics: ReturnType<typeof exposed>;

  beforeAll(async () => {
    gateway = await startTestGateway();
    // One answered lookup, so labelled series have samples too.
    expect((await gateway.get('/v1/citizens/051190000123')).status).toBe(200);
    const response = await fetch(`${gateway.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    text = await response.text();
    metrics = exposed(text);
  });
  afterAll(() => gateway?.close());

  it('exports names in base units: no millisecond metric is left', () => {
    expect([...metrics.families.keys()].filter((name) => /_ms(_|$)/.test(name))).toEqual([]);
    expect(metrics.families.get('gateway_upstream_call_duration_seconds')).toBe('histogram');
    expect(text).toMatch(/^gateway_upstream_calls_total\{upstream="population",outcome="(ok|cached)"\} [1-9]/m);
  });

  it('uses only metrics the gateway exports in every dashboard panel and variable', () => {
    const names = dashboardMetricNames(dashboard());
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((name) => !isExposed(name, metrics))).toEqual([]);
  });

  it('uses only metrics the gateway exports in every alerting rule', () => {
    const names = [...new Set(rules().flatMap((rule) => metricNamesIn(rule.expr)))];
    expect(names.length).toBeGreaterThan(4);
    expect(names.filter((name) => !isExposed(name, metrics))).toEqual([]);
  });

  it('gives every alert a severity and a summary and description in Vietnamese and in English', () => {
    const alerts = rules();
    expect(alerts.map((rule) => rule.alert)).toEqual(expect.arrayContaining([
      'CommuneGatewayUpstreamDown', 'CommuneGatewayUpstreamErrorRateHigh', 'CommuneGatewayQueueBacklogGrowing',
      'CommuneGatewayInstanceDown', 'CommuneGatewayEventLoopLagHigh',
    ]));
    for (const rule of alerts) {
      expect(rule.labels?.['severity'], rule.alert).toMatch(/^(critical|warning)$/);
      for (const key of ['summary', 'description', 'summary_en', 'description_en']) expect(rule.annotations?.[key], `${rule.alert}.${key}`).toBeTruthy();
      // Vietnamese with its diacritics, not stripped ASCII.
      expect(rule.annotations?.['summary'], rule.alert).toMatch(/[à-ỹĐđ]/);
    }
  });

  it('is provisioned into Grafana from the folder the dashboard sits in', () => {
    const provisioning = parse(readFileSync(DASHBOARD_PROVISIONING, 'utf8')) as { providers: Array<{ options: { path: string } }> };
    expect(provisioning.providers[0]?.options.path).toMatch(/dashboards\/?$/);
    expect(dashboard().uid).toBe('commune-gateway');
  });
});

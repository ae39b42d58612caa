// The upstream registry: the built-in descriptions (src/domain/upstreams.ts) plus any upstream a composition
// registers at start, and the per-upstream tables derived from them. Runtime-neutral: it imports no runtime.
import { BUILT_IN_UPSTREAMS, type UpstreamDescription, type UpstreamName, type Words } from '../domain/upstreams.ts';

export type { UpstreamDescription, UpstreamName, Words } from '../domain/upstreams.ts';

/** Every built-in upstream's name, in the order the status page, /v1/status and alerts list them. */
export const BUILT_IN_UPSTREAM_NAMES = BUILT_IN_UPSTREAMS.map((upstream) => upstream.name) as [UpstreamName, ...UpstreamName[]];

type BuiltIn = (typeof BUILT_IN_UPSTREAMS)[number];
/** The config key of a built-in upstream: `population`, `civilStatus`, `land`. */
export type BuiltInConfigKey = BuiltIn['configKey'];

/** One value per built-in upstream, keyed by its config key (the shape of `upstreams`, `queue.drain`, `health.probes`). */
export function byConfigKey<T>(value: (upstream: BuiltIn) => T): Record<BuiltInConfigKey, T> {
  return Object.fromEntries(BUILT_IN_UPSTREAMS.map((upstream) => [upstream.configKey, value(upstream)])) as Record<BuiltInConfigKey, T>;
}

// Upstreams registered at start beyond the built-in ones. Only their words are kept here, for the pure renderers
// (status page, alert messages, problems) that have no composition at hand; each composition passes its own list
// of upstreams to the parts that build or iterate (pipelines, drainers, health, metrics).
const registered = new Map<string, UpstreamDescription>();

/** Makes an upstream's words known to the renderers; the same description twice is fine. */
export function registerUpstreamDescription(description: UpstreamDescription): void {
  registered.set(description.name, description);
}

/** The description of an upstream, built-in or registered; undefined for a name nobody described. */
export function describeUpstream(name: string): UpstreamDescription | undefined {
  return BUILT_IN_UPSTREAMS.find((upstream) => upstream.name === name) ?? registered.get(name);
}

/** An upstream's display name (capitalised); its kebab name when nobody described it. */
export function upstreamDisplayWords(name: string): Words {
  return describeUpstream(name)?.displayName ?? { vi: name, en: name };
}

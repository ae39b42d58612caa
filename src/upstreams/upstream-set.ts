// The upstreams of one composition: the built-in three, configured under `upstreams`, plus any registered at start
// with their own block. Parts that build or iterate per upstream (pools, pipelines, drainers, health, metrics,
// alerts) read names and settings here instead of listing upstreams themselves.
import type { Config } from '../config/schema.ts';
import { BUILT_IN_UPSTREAMS, type DrainSettings, type UpstreamName } from '../domain/upstreams.ts';
import type { UpstreamBlock, UpstreamDefinition } from './definition.ts';
import { registerUpstreamDescription } from './registry.ts';

export interface UpstreamSet {
  /** Every upstream, built-in first, in the order the status page and alerts list them. */
  readonly names: readonly UpstreamName[];
  /** Its configuration block (pool, deadlines, resilience). */
  block(upstream: UpstreamName): UpstreamBlock;
  drain(upstream: UpstreamName): DrainSettings;
  /** The verification operation it answers (the drainer's lease check and breaker look-up use it). */
  verificationOperation(upstream: UpstreamName): string;
  /** The definition of an upstream registered at start; undefined for a built-in one. */
  registered(upstream: UpstreamName): UpstreamDefinition | undefined;
  readonly definitions: readonly UpstreamDefinition[];
}

export function createUpstreamSet(config: Config, definitions: readonly UpstreamDefinition[] = []): UpstreamSet {
  const builtIn = new Map(BUILT_IN_UPSTREAMS.map((upstream) => [upstream.name as string, upstream]));
  const extra = new Map<string, UpstreamDefinition>();
  for (const definition of definitions) {
    if (builtIn.has(definition.name) || extra.has(definition.name)) throw new Error(`upstream ${definition.name} is registered twice`);
    extra.set(definition.name, definition);
    registerUpstreamDescription(definition);
  }
  const known = (upstream: string) => {
    const found = builtIn.get(upstream) ?? extra.get(upstream);
    if (!found) throw new Error(`no upstream named ${upstream}`);
    return found;
  };
  return {
    names: [...builtIn.keys(), ...extra.keys()] as UpstreamName[],
    block(upstream) {
      const definition = extra.get(upstream);
      if (definition) return definition.config;
      return config.upstreams[known(upstream).configKey as keyof Config['upstreams']];
    },
    drain(upstream) {
      const definition = extra.get(upstream);
      if (definition) return definition.drain ?? definition.drainDefaults;
      return config.queue.drain[known(upstream).configKey as keyof Config['queue']['drain']];
    },
    verificationOperation: (upstream) => known(upstream).verification.operation,
    registered: (upstream) => extra.get(upstream),
    definitions,
  };
}

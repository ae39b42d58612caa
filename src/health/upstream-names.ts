// Each upstream's display name, Vietnamese and English: one lookup for the status page, the CSV and alert
// messages, answered by the upstream registry (an upstream registered at start is named there too).
import { upstreamDisplayWords } from '../upstreams/registry.ts';
import type { UpstreamName } from './types.ts';

/** The upstream's display name in both languages (capitalised). */
export function upstreamNames(upstream: UpstreamName): Record<'vi' | 'en', string> {
  return upstreamDisplayWords(upstream);
}

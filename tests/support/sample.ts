// The simulators' sample identifiers (GET /__sim/sample), as UPSTREAMS.md promises them; asked over HTTP so a
// simulator written by someone else serves the tests too.
import type { Sample } from '../../mocks/index.ts';

export type { ParcelRef, Sample } from '../../mocks/index.ts';

export async function fetchSample(simulatorUrl: string): Promise<Sample> {
  const response = await fetch(`${simulatorUrl}/__sim/sample`);
  return (await response.json()) as Sample;
}

import { describe, expect, it } from 'vitest';
import { startLandSimulator } from './land.ts';
import { soapCall, useSimulators } from './test-support.ts';

const suite = useSimulators();
const { lookup, parcel } = suite;

describe('broken connections and bodies', () => {
  it('hang: never answers; a client abort is counted as aborted', async () => {
    suite.sims.population.faults.set({ hang: true });
    const controller = new AbortController();
    const pending = lookup('051190000123', 'hang-1', controller.signal);
    await suite.sims.population.waitForStats((stats) => stats.inFlight === 1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    const stats = await suite.sims.population.waitForStats((each) => each.aborted === 1);
    expect(stats).toMatchObject({ requests: 1, inFlight: 0, aborted: 1, succeeded: 0 });
  });

  it('resetRate: destroys the socket without an answer', async () => {
    suite.sims.population.faults.set({ resetRate: 1 });
    await expect(lookup()).rejects.toThrow();
    const stats = await suite.sims.population.waitForStats((each) => each.failed === 1);
    expect(stats).toMatchObject({ requests: 1, aborted: 0, inFlight: 0 });
  });

  it('truncateRate: sends the full Content-Length, then half the body', async () => {
    suite.sims.population.faults.set({ truncateRate: 1 });
    const response = await lookup();
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(100);
    await expect(response.text()).rejects.toThrow();
    expect((await suite.sims.population.waitForStats((each) => each.failed === 1)).aborted).toBe(0);
  });

  it('garbageRate: answers 200 with a body in the wrong format', async () => {
    suite.sims.population.faults.set({ garbageRate: 1 });
    const response = await lookup();
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<html>Bad Gateway</html>');
    suite.sims.land.faults.set({ garbageRate: 1 });
    expect(await (await parcel()).text()).toBe('{"oops":');
  });
});

describe('concurrency and request IDs', () => {
  it('maxConcurrent: refuses calls over the cap as busy and never runs more than the cap at once', async () => {
    suite.sims.population.faults.set({ maxConcurrent: 2, latencyMs: 200 });
    const answers = await Promise.all(Array.from({ length: 6 }, (_, index) => lookup('051190000123', `cap-${index}`)
      .then(async (response) => (await response.json() as { maKetQua: string }).maKetQua)));
    expect(answers.filter((code) => code === '00')).toHaveLength(2);
    expect(answers.filter((code) => code === '98')).toHaveLength(4);
    expect(suite.sims.population.stats()).toMatchObject({ maxInFlight: 2, requests: 6, succeeded: 2, failed: 4 });

    suite.sims.land.faults.set({ maxConcurrent: 1, latencyMs: 150 });
    const statuses = await Promise.all([parcel(), parcel(), parcel()].map(async (pending) => (await pending).status));
    expect(statuses.sort()).toEqual([200, 503, 503]);
    expect(suite.sims.land.stats().maxInFlight).toBe(1);
  });

  it('counts maYeuCau values and how many were seen more than once', async () => {
    for (const id of ['a', 'a', 'b', 'c', 'c', 'c']) await lookup('051190000123', id);
    expect(suite.sims.population.stats()).toMatchObject({ requestIds: { a: 2, b: 1, c: 3 }, duplicateRequestIds: 2 });
  });

  it('counts retries of failed calls too, since the upstream saw them', async () => {
    suite.sims.population.faults.set({ errorRate: 1 });
    await lookup('051190000123', 'retried');
    suite.sims.population.faults.clear();
    await lookup('051190000123', 'retried');
    expect(suite.sims.population.stats()).toMatchObject({ requestIds: { retried: 2 }, duplicateRequestIds: 1, failed: 1, succeeded: 1 });
  });
});

describe('shutdown', () => {
  it('close() ends promptly even with a hanging call open', async () => {
    const land = await startLandSimulator();
    land.faults.set({ hang: true });
    const pending = soapCall(land.url, 'TraCuuThuaDat', '<maXa>21085</maXa><soTo>12</soTo><soThua>345</soThua>');
    await land.waitForStats((stats) => stats.inFlight === 1);
    const started = performance.now();
    await land.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
  });

  it('every simulator serves the same sample', async () => {
    const samples = await Promise.all([suite.sims.population, suite.sims.civilStatus, suite.sims.land]
      .map(async (sim) => (await fetch(`${sim.url}/__sim/sample`)).json()));
    expect(samples[1]).toEqual(samples[0]);
    expect(samples[2]).toEqual(samples[0]);
  });
});

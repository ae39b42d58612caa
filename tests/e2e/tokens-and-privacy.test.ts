// Token renewal under concurrency, and personal data kept out of the logs, end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../mocks/index.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway?.close());

const citizens = getDataset().citizens.filter((citizen) => citizen.status === 'alive').slice(0, 50);

describe('population tokens', () => {
  it('fetches exactly one new token for 50 concurrent lookups after the tokens were revoked, and all succeed', async () => {
    const sim = gateway.simulators!.population;
    expect((await gateway.get('/v1/citizens/051190000123')).status).toBe(200);
    sim.revokeTokens();
    const before = sim.stats().tokenRequests ?? 0;
    const answers = await Promise.all(citizens.map((citizen) => gateway.get(`/v1/citizens/${citizen.personalId}`)));
    expect(answers.map((answer) => answer.status)).toEqual(citizens.map(() => 200));
    expect((sim.stats().tokenRequests ?? 0) - before).toBe(1);
  });
});

describe('personal data in logs', () => {
  it('never writes a test citizen’s ID, name or birth date to the logs during a full flow', async () => {
    const subjects = citizens.slice(0, 5);
    for (const citizen of subjects) {
      await gateway.get(`/v1/citizens/${citizen.personalId}`, { 'X-Case-Id': 'HS-2026-0001' });
      await gateway.get(`/v1/civil-status/births?personalId=${citizen.personalId}`);
      await gateway.get(`/v1/civil-status/marital-status/${citizen.personalId}`);
    }
    await gateway.get('/v1/land/parcels/21085/12/345');
    await gateway.get('/v1/citizens/003190000123'); // refused before the upstream: the bad ID must not be logged either
    gateway.simulators!.population.faults.set({ garbageRate: 1 });
    await gateway.get(`/v1/citizens/${subjects[0]!.personalId}`, { 'Cache-Control': 'no-cache' });
    gateway.simulators!.population.faults.clear();

    const logs = gateway.logs.join('');
    expect(logs.length).toBeGreaterThan(1_000);
    for (const citizen of subjects) {
      expect(logs).not.toContain(citizen.personalId);
      expect(logs).not.toContain(citizen.fullName);
    }
    expect(logs).not.toContain('051090001234'); // the officer
    expect(logs).not.toContain('003190000123');
    expect(logs).not.toContain('NGUYỄN VĂN AN');
  });
});

import { describe, expect, it } from 'vitest';
import type { Adapters } from '../adapters/contract.ts';
import type { VerificationService } from '../queue/service.ts';
import { createApp } from './app.ts';
import { sha256Hex } from '../keys/sha256.ts';
import type { FieldError } from './validation.ts';
import type { Logger, Services, UpstreamCaller } from './services.ts';

const KEY = 'key-xa-son-thuy-0001';
const silent: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };
const unused: UpstreamCaller = { deadlineMs: () => 3000, execute: async () => { throw new Error('unused'); } };
const noService = new Proxy({}, { get: () => () => { throw new Error('an invalid body should not reach the service'); } }) as VerificationService;

async function post(body: unknown, language = 'vi') {
  const services: Services = {
    adapters: {} as Adapters,
    upstreams: { population: unused, 'civil-status': unused, land: unused },
    clients: [{ name: 'Xã Sơn Thủy', keySha256: await sha256Hex(KEY), communes: ['21085'], mayReadReligion: false }],
    logger: silent, now: Date.now, newId: () => 'req-00000001', maxRequestTimeoutMs: 5000, verifications: noService,
  };
  const response = await createApp(services).request('/v1/verifications', {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${KEY}`, 'X-Officer-Id': '051090001234', 'X-Purpose': 'dang-ky-ket-hon', 'Idempotency-Key': 'k-1',
      'Content-Type': 'application/json', 'Accept-Language': language,
    },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(400);
  const text = await response.text();
  return { text, problem: JSON.parse(text) as { detail: string; errors: FieldError[] } };
}

const ruleOf = (errors: FieldError[], field: string) => errors.find((error) => error.field === field)?.rule;

describe('validation problems', () => {
  it('reports a value of the wrong type as a type error, not as missing', async () => {
    for (const personalId of [123, ['051190000123'], null, { value: '051190000123' }]) {
      const { problem } = await post({ type: 'marital-status', subject: { personalId } });
      expect(ruleOf(problem.errors, 'subject.personalId')).toBe('type');
    }
  });

  it('says which type was expected, in the client language', async () => {
    const { problem } = await post({ type: 'marital-status', subject: { personalId: 123 } }, 'en');
    expect(problem.errors).toContainEqual({ field: 'subject.personalId', rule: 'type', message: 'Must be of type string' });
  });

  it('still reports a field that is absent as required', async () => {
    const { problem } = await post({ type: 'marital-status', subject: {} });
    expect(problem.errors).toContainEqual({ field: 'subject.personalId', rule: 'required', message: 'Trường này là bắt buộc' });
  });

  it('reports a whole subject of the wrong type as a type error', async () => {
    const { problem } = await post({ type: 'marital-status', subject: '051190000123' });
    expect(ruleOf(problem.errors, 'subject')).toBe('type');
  });

  it('names the allowed verification types for an unknown or mistyped type, and asks for a missing one', async () => {
    for (const type of ['citizen', 123]) {
      const { problem } = await post({ type, subject: { personalId: '051190000123' } }, 'en');
      expect(problem.errors).toContainEqual({ field: 'type', rule: 'allowed-values', message: 'Must be one of: citizen-identity, marital-status, land-parcel' });
    }
    const { problem } = await post({ subject: { personalId: '051190000123' } });
    expect(ruleOf(problem.errors, 'type')).toBe('required');
  });

  it('names at most ten unknown fields and counts the rest, so the answer stays small', async () => {
    const body: Record<string, unknown> = { type: 'marital-status', subject: { personalId: '051190000123' } };
    for (let i = 0; i < 1_000; i += 1) body[`k${i}`] = 1;
    const { text, problem } = await post(body, 'en');
    const unknown = problem.errors.find((error) => error.rule === 'unknown-field');
    expect(unknown?.message).toBe('Unsupported field: k0, k1, k2, k3, k4, k5, k6, k7, k8, k9 (and 990 more)');
    expect(text.length).toBeLessThan(1_000);
  });

  it('counts the unknown fields it does not name in Vietnamese too', async () => {
    const body: Record<string, unknown> = { type: 'marital-status', subject: { personalId: '051190000123' } };
    for (let i = 0; i < 12; i += 1) body[`k${i}`] = 1;
    const { problem } = await post(body);
    expect(problem.errors.find((error) => error.rule === 'unknown-field')?.message).toMatch(/k9 \(và 2 trường khác\)$/);
  });
});

import { describe, expect, it } from 'vitest';
import { HealthSchema } from '../config/health.ts';
import { probeChecks } from './setup.ts';

describe('probe checks from configuration', () => {
  it('builds one check per enabled probe with the configured operation and thresholds', () => {
    const settings = HealthSchema.parse({
      probes: { population: { testPersonalId: '051190000123', intervalMs: 10_000, failureThreshold: 2 }, civilStatus: { enabled: false } },
    });
    const checks = probeChecks(settings, { communeCode: '21085' }, () => {});
    expect(checks.map((check) => [check.upstream, check.operation])).toEqual([['population', 'lookup-citizen'], ['land', 'wsdl']]);
    expect(checks[0]).toMatchObject({ intervalMs: 10_000, failureThreshold: 2, successThreshold: 2, timeoutMs: 5_000, communeCode: '21085', purpose: 'giam-sat-he-thong' });
  });

  it('uses the runtime default test record, and without any probes credentials only, saying so', () => {
    const settings = HealthSchema.parse({});
    expect(probeChecks(settings, { testPersonalId: '051190000123' }, () => {}).map((check) => check.testPersonalId)).toEqual(['051190000123', '051190000123', undefined]);
    const warnings: unknown[] = [];
    const checks = probeChecks(settings, {}, (message, details) => warnings.push(details));
    expect(checks.map((check) => check.operation)).toEqual(['token', 'login', 'wsdl']);
    expect(warnings).toEqual([{ upstream: 'population', operation: 'token' }, { upstream: 'civil-status', operation: 'login' }]);
  });
});

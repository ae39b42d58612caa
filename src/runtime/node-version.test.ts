import { describe, expect, it } from 'vitest';
import { nodeVersionProblem } from './node-version.ts';

describe('node version check', () => {
  it('accepts Node 24 and newer', () => {
    expect(nodeVersionProblem('24.0.0')).toBeUndefined();
    expect(nodeVersionProblem('v25.1.2')).toBeUndefined();
  });

  it('refuses an older Node with one line that names both versions', () => {
    const problem = nodeVersionProblem('20.20.2');
    expect(problem).toMatch(/Node\.js 24 or newer; this is Node\.js 20\.20\.2/);
    expect(problem).not.toContain('\n');
  });
});

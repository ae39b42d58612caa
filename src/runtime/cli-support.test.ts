import { describe, expect, it } from 'vitest';
import { loadCliConfig } from './cli-support.ts';

describe('loadCliConfig', () => {
  it('reads the file the production gateway reads, and says so when it is missing instead of taking the demo\'s', () => {
    // This checkout has config/demo.yaml but no config/gateway.yaml.
    expect(() => loadCliConfig({})).toThrow(/^Configuration file config\/gateway\.yaml not found\. GATEWAY_CONFIG names/);
    expect(loadCliConfig({ GATEWAY_CONFIG: 'config/demo.yaml' }).configFile).toBe('config/demo.yaml');
  });
});

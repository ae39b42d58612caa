import { describe, expect, it } from 'vitest';
import { loadCliConfig } from './cli-support.ts';

describe('loadCliConfig', () => {
  it('says in one line that the config file is missing, naming the demo\'s, instead of taking it', () => {
    // The default, config/gateway.yaml, is checked where it is missing: in the production install (tests/e2e).
    expect(() => loadCliConfig({ GATEWAY_CONFIG: 'config/nowhere.yaml' })).toThrow(/^Configuration file config\/nowhere\.yaml not found\. GATEWAY_CONFIG names the gateway's config file \(the demo's is config\/demo\.yaml\)\.$/);
    expect(loadCliConfig({ GATEWAY_CONFIG: 'config/demo.yaml' }).configFile).toBe('config/demo.yaml');
  });
});

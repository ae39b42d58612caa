// Reads the YAML configuration once at start: parse, validate, resolve secrets. A bad config stops the start
// with the key, the problem and the file.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigSchema, type Config, type SecretRef } from './schema.ts';

export class ConfigError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Invalid configuration in ${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses YAML text into a validated Config; `file` is only used in messages. */
export function parseConfig(yamlText: string, file: string): Config {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (error) {
    throw new ConfigError(file, [`not valid YAML: ${(error as Error).message}`]);
  }
  const result = ConfigSchema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(file, result.error.issues.map(describeIssue));
  return result.data;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  return `${key}: ${issue.message}`;
}

/** Resolves a secret from the given environment; missing variables are configuration errors. */
export function resolveSecret(secret: SecretRef, env: Record<string, string | undefined>, key: string, file: string): string {
  if (typeof secret === 'string') return secret;
  const value = env[secret.env];
  if (value === undefined || value === '') {
    throw new ConfigError(file, [`${key}: environment variable ${secret.env} is not set`]);
  }
  return value;
}

/** The effective config for the start-up log: secrets and key hashes masked. */
export function maskedConfig(config: Config): unknown {
  return JSON.parse(JSON.stringify(config, (key, value: unknown) => {
    if (['clientSecret', 'password', 'demoApiKey', 'webhookSecret', 'connectionString', 'secret', 'botToken', 'bearerToken'].includes(key)) {
      return typeof value === 'string' ? '***' : value;
    }
    if ((key === 'keySha256' || key === 'adminKeySha256') && typeof value === 'string') return `${value.slice(0, 8)}…`;
    // A collector URL may carry credentials in its userinfo.
    if (key === 'otlpEndpoint' && typeof value === 'string') return withoutPassword(value);
    return value;
  }));
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password === '') return url;
  parsed.password = '***';
  return parsed.href;
}

// Reads the YAML configuration once at start: parse, validate, resolve secrets. A bad config stops the start
// with the key, the problem and the file.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { maskPersonalText } from '../domain/personal-text.ts';
import { ConfigSchema, type Config } from './schema.ts';
import type { SecretRef } from './secret.ts';

export class ConfigError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Invalid configuration in ${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses YAML text into a validated Config; `file` is only used in messages. Given the environment it also checks
 * every secret the file names and applies `PORT`, so that one message lists every problem of a start.
 */
export function parseConfig(yamlText: string, file: string, env?: Record<string, string | undefined>): Config {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (error) {
    throw new ConfigError(file, [`not valid YAML: ${(error as Error).message}`]);
  }
  const result = ConfigSchema.safeParse(raw ?? {});
  const problems = result.success ? [] : result.error.issues.map(describeIssue);
  const port = env?.['PORT'];
  if (env) problems.push(...missingSecrets(raw, env), ...(port === undefined ? [] : portProblems(port)));
  if (problems.length > 0 || !result.success) throw new ConfigError(file, problems);
  if (port !== undefined) result.data.server.port = Number(port);
  return result.data;
}

/** Every `{ env: NAME }` in the file whose variable is unset or empty, by key. */
function missingSecrets(raw: unknown, env: Record<string, string | undefined>, path: string[] = []): string[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const entries = Object.entries(raw);
  if (entries.length === 1 && entries[0]![0] === 'env' && typeof entries[0]![1] === 'string') {
    const name = entries[0]![1];
    return env[name] === undefined || env[name] === '' ? [`${path.join('.')}: environment variable ${name} is not set`] : [];
  }
  return entries.flatMap(([key, value]) => missingSecrets(value, env, [...path, key]));
}

function portProblems(port: string): string[] {
  const value = Number(port);
  return /^\d+$/.test(port) && value <= 65_535 ? [] : [`PORT: "${port}" is not a port number (0–65535)`];
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

/**
 * The effective config for the start-up log: secrets and key hashes masked, credentials taken out of every URL
 * (userinfo, and query parameters named like a token or key), and anything that looks like a personal ID or a
 * birth date (a probe's test citizen, its officer) masked as IDs are in the audit log.
 */
export function maskedConfig(config: Config): unknown {
  return JSON.parse(JSON.stringify(config, (key, value: unknown) => {
    if (['clientSecret', 'password', 'demoApiKey', 'webhookSecret', 'connectionString', 'secret', 'botToken', 'bearerToken', 'subjectKey', 'signingKey'].includes(key)) {
      return typeof value === 'string' ? '***' : value;
    }
    if ((key === 'keySha256' || key === 'adminKeySha256') && typeof value === 'string') return `${value.slice(0, 8)}…`;
    if (typeof value !== 'string') return value;
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? withoutCredentials(value) : maskPersonalText(value, Number.POSITIVE_INFINITY);
  }));
}

const SECRET_PARAMETER = /token|key|secret|pass|auth|sig|code/i;

function withoutCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '***';
  }
  if (parsed.username !== '') parsed.username = '***';
  if (parsed.password !== '') parsed.password = '***';
  for (const name of [...parsed.searchParams.keys()]) if (SECRET_PARAMETER.test(name)) parsed.searchParams.set(name, '***');
  return parsed.href;
}

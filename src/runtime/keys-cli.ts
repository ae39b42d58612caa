// `npm run keys -- create | list | rotate | revoke`: client API keys kept in the gateway's store. A new key is
// printed once and stored as its SHA-256; every running instance picks changes up within keys.refreshIntervalMs.
import { parseArgs } from 'node:util';
import { createClientKey, revokeClientKey, rotateClientKey } from '../keys/manage.ts';
import { isActive, type StoredClientKey } from '../keys/store.ts';
import { openClientKeyStore } from './client-keys.ts';
import { openGatewayStore, type CliContext, type CliIo } from './cli-support.ts';

const USAGE = `Usage:
  npm run keys -- create --client "UBND xã Bình Minh" --commune 21085 [--commune 21086] [--scope religion]
  npm run keys -- list
  npm run keys -- rotate <key id> [--grace-hours 24]
  npm run keys -- revoke <key id>
Reads GATEWAY_CONFIG (default config/gateway.yaml; the demo's: config/demo.yaml) for the store (store.postgres, else the SQLite file).
`;

const HOUR_MS = 3_600_000;

export async function keysCli(argv: string[], context: CliContext, io: CliIo, now: () => number = Date.now): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      client: { type: 'string' }, commune: { type: 'string', multiple: true }, scope: { type: 'string', multiple: true },
      'grace-hours': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [command, id] = positionals;
  const fail = (message: string) => {
    io.err(`${message}\n\n${USAGE}`);
    return 2;
  };
  if (!['create', 'list', 'rotate', 'revoke'].includes(command ?? '')) return fail('Which command?');
  const { config } = context;
  const store = await openGatewayStore(context, io.env, 'clientKeys', () => openClientKeyStore(config));
  try {
    switch (command) {
      case 'create': {
        const communes = values.commune ?? [];
        if (!values.client || communes.length === 0 || communes.some((code) => !/^\d{5}$/.test(code))) return fail('create needs --client and at least one 5-digit --commune');
        const scopes = values.scope ?? [];
        if (scopes.some((scope) => scope !== 'religion')) return fail('the only scope is religion');
        const { key, record } = await createClientKey(store, { client: values.client, communes, scopes }, now());
        io.out(`Created ${record.id} for ${record.client} (${communes.join(', ')}).\nAPI key (shown once, store it now):\n${key}\n`);
        return 0;
      }
      case 'list': {
        const at = now();
        const keys = await store.list();
        io.out(keys.length === 0 ? 'No keys in the store.\n' : `${keys.map((key) => describe(key, at)).join('\n')}\n`);
        return 0;
      }
      case 'rotate': {
        if (!id) return fail('rotate needs a key id');
        const hours = values['grace-hours'] === undefined ? config.keys.rotationGraceHours : Number(values['grace-hours']);
        if (!Number.isFinite(hours) || hours < 0) return fail('--grace-hours takes a number of hours');
        const rotated = await rotateClientKey(store, id, hours * HOUR_MS, now());
        if (!rotated) return fail(`${id} is not an active key`);
        io.out(`Rotated ${id} → ${rotated.record.id}; ${id} keeps working for ${hours} h.\nNew API key (shown once, store it now):\n${rotated.key}\n`);
        return 0;
      }
      default: {
        if (!id) return fail('revoke needs a key id');
        if (!(await revokeClientKey(store, id, now()))) return fail(`${id} is unknown or already revoked`);
        io.out(`Revoked ${id}; every instance refuses it within ${config.keys.refreshIntervalMs} ms.\n`);
        return 0;
      }
    }
  } finally {
    await store.close();
  }
}

function describe(key: StoredClientKey, now: number): string {
  const state = key.revokedAt !== null ? 'revoked' : !isActive(key, now) ? 'expired' : key.expiresAt !== null ? `until ${new Date(key.expiresAt).toISOString()}` : 'active';
  return [key.id, key.prefix + '…', state, key.client, key.communes.join(' '), key.scopes.join(' ') || '-', new Date(key.createdAt).toISOString()].join('\t');
}


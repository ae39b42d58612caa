// `npm run audit -- verify | export | keygen`: checks the hash chain and signed checkpoints of the audit log in
// the gateway's store (PostgreSQL with store.postgres, else the SQLite file), exports rows for an inspector, makes a
// checkpoint signing key. Safe while the gateway runs (readers block no writer).
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exportHeader, exportLine, parseExportTime, type ExportFormat } from '../audit/export.ts';
import type { AuditFilter, AuditLogStore } from '../audit/store.ts';
import { verifyAuditLog } from '../audit/verify.ts';
import { newEd25519Key, sha256Chain } from './audit-crypto.ts';
import { auditKeys, openAuditStore } from './audit-log.ts';
import { openGatewayStore, type CliContext, type CliIo } from './cli-support.ts';

const USAGE = `Usage:
  npm run audit -- verify
  npm run audit -- export [--commune 21085] [--from 2026-03-01] [--to 2026-04-01] [--subject 051190000123] [--officer 051090001234] [--format csv|jsonl] [--output file]
  npm run audit -- keygen
Reads GATEWAY_CONFIG (default config/gateway.yaml; the demo's: config/demo.yaml); keys named there by {env: …} come from the environment.
`;

export async function auditCli(argv: string[], context: CliContext, io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'keygen') return keygen(io);
  if (command !== 'verify' && command !== 'export') {
    io.err(USAGE);
    return 2;
  }
  const { config, configFile } = context;
  const keys = auditKeys(config, io.env, configFile);
  const store = await openGatewayStore(context, io.env, 'audit', () => openAuditStore(config));
  try {
    if (command === 'verify') {
      const verdict = await verifyAuditLog(store, { hasher: sha256Chain, signer: keys.signer });
      if (!verdict.ok) {
        io.out(`BROKEN at row ${verdict.seq}: ${verdict.reason} (${verdict.rowsChecked} rows before it verified)\n`);
        return 1;
      }
      const range = verdict.rows === 0 ? 'empty' : `rows ${verdict.firstSeq}…${verdict.lastSeq}`;
      const signatures = keys.signer
        ? `${verdict.checkpointsVerified} signed checkpoints verified${verdict.checkpointsUnchecked > 0 ? `, ${verdict.checkpointsUnchecked} by another key not checked` : ''}`
        : 'no signing key configured: checkpoints not checked';
      io.out(`OK: ${verdict.rows} rows (${range}) chain intact; ${signatures}\n`);
      return 0;
    }
    return await exportRows(rest, keys, store, io);
  } finally {
    await store.close();
  }
}

async function exportRows(argv: string[], keys: ReturnType<typeof auditKeys>, store: AuditLogStore, io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      commune: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, subject: { type: 'string' },
      officer: { type: 'string' }, format: { type: 'string', default: 'jsonl' }, output: { type: 'string' },
    },
    strict: true,
  });
  const format = values.format as ExportFormat;
  if (format !== 'csv' && format !== 'jsonl') return usageError(io, `--format must be csv or jsonl, not ${values.format}`);
  const time = (name: 'from' | 'to') => (values[name] === undefined ? undefined : parseExportTime(values[name]));
  if ((values.from !== undefined && time('from') === undefined) || (values.to !== undefined && time('to') === undefined)) {
    return usageError(io, '--from and --to take a date (2026-03-01, midnight in Hà Nội) or an ISO time with offset');
  }
  if ((values.subject !== undefined || values.officer !== undefined) && !keys.pseudonyms.searchable) {
    return usageError(io, 'searching by --subject or --officer needs audit.subjectKey in the configuration (rows hold masked IDs without it)');
  }
  const filter: AuditFilter = {
    communeCode: values.commune, from: time('from'), to: time('to'),
    subjectRef: values.subject === undefined ? undefined : keys.pseudonyms.subject(values.subject.split('/')),
    officerRef: values.officer === undefined ? undefined : keys.pseudonyms.officer(values.officer),
  };
  // A file of our own rather than the shell's `>`: the rows are pseudonymous personal data, so the file is made
  // readable by its owner only, and no banner of npm's gets into it.
  let file: number | undefined;
  if (values.output !== undefined) {
    try {
      file = openSync(values.output, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      io.err(`${values.output} exists already; an export never overwrites a file\n`);
      return 1;
    }
  }
  const write = file === undefined ? io.out : (text: string) => void writeSync(file, text);
  let written = 0;
  try {
    write(exportHeader(format));
    let after = 0;
    for (;;) {
      const rows = await store.find(filter, after, PAGE_ROWS);
      if (rows.length > 0) write(rows.map((row) => exportLine(row, format)).join(''));
      written += rows.length;
      if (rows.length < PAGE_ROWS) break;
      after = rows.at(-1)!.seq;
    }
  } catch (error) {
    // Half an export is no export: the file goes, so that a retry is not refused for it.
    if (file !== undefined) rmSync(values.output!, { force: true });
    throw error;
  } finally {
    if (file !== undefined) closeSync(file);
  }
  if (values.output !== undefined) io.out(`${written} rows written to ${values.output}\n`);
  return 0;
}

/** Rows read from the store at a time. */
const PAGE_ROWS = 5_000;

function keygen(io: CliIo): number {
  const { privateKeyBase64, publicKeyPem } = newEd25519Key();
  io.out(`Private key (set it in the environment variable audit.signingKey names; keep it secret):\n${privateKeyBase64}\n\nPublic key (for inspectors):\n${publicKeyPem}`);
  return 0;
}

function usageError(io: CliIo, message: string): number {
  io.err(`${message}\n\n${USAGE}`);
  return 2;
}


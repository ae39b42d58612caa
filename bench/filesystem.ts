// Which file system a path is on: an fsync on tmpfs costs nothing, so durable-commit figures must say where they ran.
import { readFileSync } from 'node:fs';

export function filesystemOf(path: string): string {
  try {
    const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((line) => line.split(' '));
    const [, mountPoint, type] = mounts
      .filter(([, point]) => point !== undefined && (path === point || path.startsWith(point.endsWith('/') ? point : `${point}/`)))
      .sort((a, b) => b[1]!.length - a[1]!.length)[0] ?? [];
    return mountPoint ? `${type} (${mountPoint})` : 'unknown file system';
  } catch {
    return 'unknown file system'; // not Linux
  }
}

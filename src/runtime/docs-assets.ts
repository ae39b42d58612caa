// Serves Swagger UI's files from the installed swagger-ui-dist package (no CDN).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DocsAssets } from '../gateway/routes/docs.ts';

const TYPES: Record<string, string> = { css: 'text/css', js: 'text/javascript', png: 'image/png' };

export function docsAssetsFromDisk(): DocsAssets {
  const folder = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, Uint8Array>();
  return async (fileName) => {
    let bytes = cache.get(fileName);
    if (!bytes) {
      bytes = await readFile(join(folder, fileName));
      cache.set(fileName, bytes);
    }
    const type = TYPES[fileName.split('.').pop() ?? ''] ?? 'application/octet-stream';
    return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' } });
  };
}

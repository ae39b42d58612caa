// Swagger UI's three files on Workers: no node_modules to read, so the bundle carries them (wrangler.toml
// [[rules]]: the CSS and the script as text, the icon as bytes). Same route and headers as docs-assets.ts on Node.
import favicon from 'swagger-ui-dist/favicon-32x32.png';
import bundleScript from 'swagger-ui-dist/swagger-ui-bundle.js';
import css from 'swagger-ui-dist/swagger-ui.css';
import type { DocsAssets } from '../gateway/routes/docs.ts';

const FILES: Record<string, { body: string | ArrayBuffer; type: string }> = {
  'swagger-ui.css': { body: css, type: 'text/css' },
  'swagger-ui-bundle.js': { body: bundleScript, type: 'text/javascript' },
  'favicon-32x32.png': { body: favicon, type: 'image/png' },
};

export const bundledDocsAssets: DocsAssets = async (fileName) => {
  const file = FILES[fileName];
  return file && new Response(file.body, { headers: { 'Content-Type': file.type, 'Cache-Control': 'public, max-age=86400' } });
};

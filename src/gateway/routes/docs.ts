// /openapi.json (generated from the route schemas) and /docs (Swagger UI served from local assets: commune
// networks may not reach a CDN).
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { GatewayEnv } from '../env.ts';
import { createPageSecurity } from '../page-security.ts';

/** Serves a static docs asset by file name; provided by the runtime (files differ per runtime). */
export type DocsAssets = (fileName: string) => Promise<Response | undefined>;

const DOCS_ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']);

/**
 * Swagger UI's start. Not `persistAuthorization`: that keeps the API key in the browser's localStorage after the
 * tab is closed; the key is typed again per visit. No validator badge: it would call validator.swagger.io.
 */
const DOCS_SCRIPT = "window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', validatorUrl: null });";

const DOCS_PAGE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng kết nối xã — API v1</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"><link rel="icon" href="/docs/assets/favicon-32x32.png"></head>
<body><div id="ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>${DOCS_SCRIPT}</script>
</body></html>`;

export function registerDocsRoutes(app: OpenAPIHono<GatewayEnv>, assets: DocsAssets | undefined): void {
  const documentConfig = {
    openapi: '3.1.0',
    info: {
      title: 'Commune integration gateway — API v1',
      version: '1.0.0',
      description:
        'One stable API between commune one-stop software and the national population, civil-status and land systems. ' +
        'Errors are RFC 9457 problems, in Vietnamese unless `Accept-Language: en`. Every personal-data call needs ' +
        '`X-Officer-Id` and `X-Purpose`.',
    },
  };
  // Generated once, on the first request (every route is registered by then), and served from the same bytes after:
  // the document cannot change while the process runs, and generating it costs milliseconds of event loop.
  let document: string | undefined;
  app.get('/openapi.json', (c) => {
    document ??= JSON.stringify(app.getOpenAPI31Document(documentConfig));
    return c.body(document, 200, { 'Content-Type': 'application/json' });
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'API key' });
  // Its own files, its one inline script, and the icons Swagger UI's CSS carries as data: URIs.
  const pageSecurity = createPageSecurity({ ownFiles: true, inlineScripts: [DOCS_SCRIPT], dataImages: true });
  app.use('/docs', pageSecurity);
  app.use('/docs/*', pageSecurity);
  app.get('/docs', (c) => c.html(DOCS_PAGE));
  app.get('/docs/assets/:file', async (c) => {
    const file = c.req.param('file');
    const found = assets && DOCS_ASSETS.has(file) ? await assets(file) : undefined;
    return found ?? c.notFound();
  });
}

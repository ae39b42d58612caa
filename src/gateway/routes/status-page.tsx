// GET /status: the upstream health page for IT staff, no API key (no personal data; opened in a browser).
// `?lang=en` for English; `?commune=21085` judges as seen by that commune (land may be not provisioned for it);
// `?fragment=1` answers only the live part, which the page's script swaps in.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { STYLE, SCRIPT } from '../../health/page/assets.ts';
import { createStatusPageLoader } from '../../health/page/page-data.ts';
import { renderLiveSection, renderStatusPage } from '../../health/page/status-page.tsx';
import { pageLanguage } from '../../health/page/texts.ts';
import type { GatewayEnv } from '../env.ts';

async function sha256Base64(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

/** Only our own inline style and script may run, and the script may only call back to us. */
async function contentSecurityPolicy(): Promise<string> {
  const [style, script] = await Promise.all([sha256Base64(STYLE), sha256Base64(SCRIPT)]);
  return [
    "default-src 'none'", `style-src 'sha256-${style}'`, `script-src 'sha256-${script}'`, "connect-src 'self'",
    "img-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
  ].join('; ');
}

export function registerStatusPageRoutes(app: OpenAPIHono<GatewayEnv>): void {
  const load = createStatusPageLoader();
  let csp: Promise<string> | undefined;
  app.get('/status', async (c) => {
    const { health, now } = c.get('services');
    if (!health) return c.notFound();
    const language = pageLanguage(c.req.query('lang'));
    const at = now();
    const query = c.req.query('commune');
    const communeCode = query && /^\d{5}$/.test(query) ? query : undefined;
    const props = { data: await load(health, at, communeCode), language, now: at, communeCode };
    const fragment = c.req.query('fragment') === '1';
    const html = fragment ? await renderLiveSection(props) : await renderStatusPage(props);
    csp ??= contentSecurityPolicy();
    return c.body(html, 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Language': language,
      'Cache-Control': 'no-store',
      'Content-Security-Policy': await csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
  });
}

// GET /status: the upstream health page for IT staff, no API key (no personal data; opened in a browser).
// `?lang=en` for English; `?commune=21085` judges as seen by that commune (land may be not provisioned for it);
// `?fragment=1` answers only the live part, which the page's script swaps in.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AdminUnitCatalogue, UnitScheme } from '../../domain/admin-units.ts';
import { STYLE, SCRIPT } from '../../health/page/assets.ts';
import { createStatusPageLoader } from '../../health/page/page-data.ts';
import { renderLiveSection, renderStatusPage } from '../../health/page/status-page.tsx';
import { pageLanguage, type CommuneView } from '../../health/page/texts.ts';
import type { GatewayEnv } from '../env.ts';
import { createPageSecurity } from '../page-security.ts';
import { createShortCache } from '../short-cache.ts';
import { communeAliases } from '../land-scope.ts';

/**
 * A render is reused this long per language, commune and fragment: a crowd on /status (every open browser polls it)
 * then costs one health read and one render a second, not one per request.
 */
const RENDER_TTL_MS = 1_000;
/** Renders kept at most (a commune code is any five digits). */
const MAX_RENDERS = 256;

export function registerStatusPageRoutes(app: OpenAPIHono<GatewayEnv>): void {
  const load = createStatusPageLoader();
  const renders = createShortCache<string>({ ttlMs: RENDER_TTL_MS, maxEntries: MAX_RENDERS });
  // Only our own inline style and script may run, and the script may only call back to us.
  app.use('/status', createPageSecurity({ inlineScripts: [SCRIPT], inlineStyles: [STYLE] }));
  app.get('/status', async (c) => {
    const { health, now } = c.get('services');
    if (!health) return c.notFound();
    const language = pageLanguage(c.req.query('lang'));
    const at = now();
    const query = c.req.query('commune');
    const communeCode = query && /^\d{5}$/.test(query) ? query : undefined;
    const fragment = c.req.query('fragment') === '1';
    const scheme = c.req.query('scheme') === 'legacy' ? 'legacy' : '2025';
    // Anything that is not a code renders one shared page, so odd values cannot crowd the render cache.
    const asked = communeCode ?? (query ? 'invalid' : '');
    const html = await renders(`${language}|${asked}|${scheme}|${fragment ? 'live' : 'page'}`, at, async () => {
      const communeView = query ? communeViewOf(c.get('services').adminUnits, communeCode, scheme) : undefined;
      // A code the catalogue does not hold is judged as the province, as the page then says.
      const judgedFor = communeView?.kind === 'known' ? communeCode : undefined;
      const aliases = judgedFor ? communeAliases(c.get('services'), judgedFor, scheme) : undefined;
      const props = { data: await load(health, at, judgedFor, aliases), language, now: at, communeCode: judgedFor, communeView };
      return fragment ? renderLiveSection(props) : renderStatusPage(props);
    });
    return c.body(html, 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Language': language,
      'Cache-Control': 'no-store',
    });
  });
}

/** What the page says of `?commune=`: the unit's name in the scheme asked for, or that the code names no unit. */
function communeViewOf(catalogue: AdminUnitCatalogue | undefined, communeCode: string | undefined, scheme: UnitScheme): CommuneView {
  if (communeCode === undefined) return { kind: 'invalid' };
  if (!catalogue) return { kind: 'known', code: communeCode };
  const unit = scheme === 'legacy' ? catalogue.legacy(communeCode) : catalogue.unit2025(communeCode);
  return unit ? { kind: 'known', code: communeCode, name: unit.name } : { kind: 'unknown', code: communeCode };
}

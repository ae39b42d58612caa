// Security headers for the pages a browser opens (/docs, /status): a strict Content-Security-Policy that allows
// the page's own files and its inline script and style by their SHA-256, and the usual companions. Neither page
// loads anything from the internet (commune networks may not reach a CDN), so nothing else is allowed.
import type { MiddlewareHandler } from 'hono';
import type { GatewayEnv } from './env.ts';

export interface PageSecurityOptions {
  /** Bodies of the page's inline `<script>` elements, allowed by hash. Default none. */
  inlineScripts?: readonly string[];
  /** Bodies of the page's inline `<style>` elements, allowed by hash. Default none. */
  inlineStyles?: readonly string[];
  /** Script, style and image files the page loads from this origin (`'self'`). Default false. */
  ownFiles?: boolean;
  /** Images as `data:` URIs (Swagger UI's icons live in its CSS that way). Default false. */
  dataImages?: boolean;
}

/** Headers every browser page gets besides its policy. */
const PAGE_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

async function sha256Source(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

/** The policy for a page: nothing by default, then only what the options allow. */
export async function contentSecurityPolicy(options: PageSecurityOptions): Promise<string> {
  const self = options.ownFiles ? ["'self'"] : [];
  const scripts = await Promise.all((options.inlineScripts ?? []).map(sha256Source));
  const styles = await Promise.all((options.inlineStyles ?? []).map(sha256Source));
  const sources = (list: string[]) => (list.length > 0 ? list.join(' ') : "'none'");
  return [
    "default-src 'none'",
    `script-src ${sources([...self, ...scripts])}`,
    `style-src ${sources([...self, ...styles])}`,
    `img-src ${["'self'", ...(options.dataImages ? ['data:'] : [])].join(' ')}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Sets the page's Content-Security-Policy (computed once) and the companion headers on every answer it gives. */
export function createPageSecurity(options: PageSecurityOptions): MiddlewareHandler<GatewayEnv> {
  let policy: Promise<string> | undefined;
  return async function pageSecurity(c, next) {
    policy ??= contentSecurityPolicy(options);
    c.header('Content-Security-Policy', await policy);
    for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
    await next();
  };
}

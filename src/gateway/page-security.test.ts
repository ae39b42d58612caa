import { describe, expect, it } from 'vitest';
import { healthApp } from './routes/health-fixture.ts';

async function sha256Source(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

const inline = (html: string, tag: 'script' | 'style') =>
  [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((match) => match[1]!);

describe('security headers of the browser pages', () => {
  it.each(['/docs', '/status', '/status?fragment=1'])('%s has a strict policy and the usual security headers', async (path) => {
    const { app } = await healthApp();
    const response = await app.request(path);
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });

  it.each(['/docs', '/status'])('%s allows each of its inline scripts and styles by hash', async (path) => {
    const { app } = await healthApp();
    const response = await app.request(path);
    const html = await response.text();
    const policy = response.headers.get('content-security-policy') ?? '';
    const [scripts, styles] = [inline(html, 'script'), inline(html, 'style')];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(policy).toMatch(new RegExp(`script-src [^;]*${(await sha256Source(script)).replace(/[+/]/g, '\\$&')}`));
    for (const style of styles) expect(policy).toMatch(new RegExp(`style-src [^;]*${(await sha256Source(style)).replace(/[+/]/g, '\\$&')}`));
  });

  it('does not let Swagger UI keep the API key in the browser', async () => {
    const { app } = await healthApp();
    expect(await (await app.request('/docs')).text()).not.toContain('persistAuthorization');
  });
});

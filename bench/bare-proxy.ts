// The overhead yardstick: a bare Hono route on @hono/node-server that passes a citizen lookup through to the
// population simulator over the gateway's own upstream transport (src/runtime/pools.ts), and nothing else (no auth,
// validation, parsing, pipeline or log). Run pinned to core 0 like the gateway; UPSTREAM_URL and UPSTREAM_TOKEN
// name the simulator and a token for it; prints "listening <url>" on stdout.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createUpstreamPool } from '../src/runtime/pools.ts';

const upstreamUrl = process.env['UPSTREAM_URL'] ?? '';
const upstream = createUpstreamPool(upstreamUrl, 16);
const lookupUrl = `${upstreamUrl}/api/dan-cu/v1/cong-dan/tra-cuu`;
const authorization = `Bearer ${process.env['UPSTREAM_TOKEN'] ?? ''}`;
const neverAborted = new AbortController().signal;
const app = new Hono();
app.get('/v1/citizens/:personalId', async (c) => {
  const body = JSON.stringify({ soDinhDanh: c.req.param('personalId'), maDonVi: '21085', maCanBo: '051090001234', mucDich: 'benchmark', maYeuCau: crypto.randomUUID() });
  const answer = await upstream.fetch(lookupUrl, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body, signal: neverAborted });
  return new Response(await answer.text(), { headers: { 'Content-Type': 'application/json' } });
});
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stdout.write(`listening http://127.0.0.1:${info.port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));

// The overhead yardstick: a bare Hono route on @hono/node-server that passes a citizen lookup through to the
// population simulator with an undici Pool and a buffering dispatch handler, as the gateway does
// (src/runtime/pools.ts), and nothing else (no auth, validation, parsing, pipeline or log). Run pinned to core 0
// like the gateway; UPSTREAM_URL and UPSTREAM_TOKEN name the simulator and a token for it; prints
// "listening <url>" on stdout.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { Pool } from 'undici';

const pool = new Pool(process.env['UPSTREAM_URL'] ?? '', { connections: 16 });
const authorization = `Bearer ${process.env['UPSTREAM_TOKEN'] ?? ''}`;
const app = new Hono();
app.get('/v1/citizens/:personalId', async (c) => {
  const body = JSON.stringify({ soDinhDanh: c.req.param('personalId'), maDonVi: '21085', maCanBo: '051090001234', mucDich: 'benchmark', maYeuCau: crypto.randomUUID() });
  const answer = await new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = [];
    pool.dispatch({ method: 'POST', path: '/api/dan-cu/v1/cong-dan/tra-cuu', headers: { authorization, 'content-type': 'application/json' }, body }, {
      onRequestStart: () => undefined,
      onResponseStart: () => undefined,
      onResponseData: (_controller, chunk) => void chunks.push(chunk),
      onResponseEnd: () => resolve(Buffer.concat(chunks)),
      onResponseError: (_controller, error) => reject(error),
    });
  });
  return new Response(answer as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'application/json' } });
});
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stdout.write(`listening http://127.0.0.1:${info.port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));

// The machine's yardstick: a bare Hono route on @hono/node-server answering a cached buffer (the bytes of a real
// cached citizen answer, from the file named by BARE_BODY_FILE), as the project's targets are scaled by.
// Run pinned to core 0 like the gateway; prints "listening <url>" on stdout.
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const body = new Uint8Array(readFileSync(process.env['BARE_BODY_FILE'] ?? ''));
const app = new Hono();
app.get('/v1/citizens/:personalId', () => new Response(body, { headers: { 'Content-Type': 'application/json' } }));
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stdout.write(`listening http://127.0.0.1:${info.port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));

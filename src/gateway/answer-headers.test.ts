import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { addAnswerHeader, answerHeadersOf, buildsOwnResponse, startAnswerHeaders } from './answer-headers.ts';
import type { GatewayEnv } from './env.ts';
import { handleError, HttpProblem, sendProblem } from './errors.ts';
import { problem } from './problems.ts';

/** Two middlewares adding answer headers, then routes answering through Hono, by hand, and by a problem. */
function app() {
  const app = new Hono<GatewayEnv>();
  app.onError(handleError);
  app.notFound((c) => sendProblem(c, problem('route-not-found', 'en')));
  app.use('*', (c, next) => {
    c.set('language', 'en');
    startAnswerHeaders(c);
    addAnswerHeader(c, 'X-Request-Id', 'req-12345678');
    return next();
  });
  app.use('/v1/*', (c, next) => {
    addAnswerHeader(c, 'RateLimit', '"api-key";r=9;t=1');
    return next();
  });
  app.get('/v1/by-hono', (c) => c.json({ ownHeaders: answerHeadersOf(c) }));
  app.get('/v1/by-hand', buildsOwnResponse((c) => new Response(JSON.stringify({ ownHeaders: answerHeadersOf(c) }), { headers: { ...answerHeadersOf(c) } })));
  app.get('/v1/by-hand/refused', buildsOwnResponse(() => {
    throw new HttpProblem('forbidden-commune');
  }));
  return app;
}

describe('answer headers', () => {
  it.each(['/v1/by-hono', '/v1/by-hand', '/v1/by-hand/refused', '/v1/no-such-route'])('are on the answer of %s', async (path) => {
    const answer = await app().request(path);
    expect(answer.headers.get('x-request-id')).toBe('req-12345678');
    expect(answer.headers.get('ratelimit')).toBe('"api-key";r=9;t=1');
  });

  it('are handed as a plain object to a route that builds its own Response, and to nobody else', async () => {
    expect(await (await app().request('/v1/by-hand')).json()).toEqual({ ownHeaders: { 'X-Request-Id': 'req-12345678', RateLimit: '"api-key";r=9;t=1' } });
    expect(await (await app().request('/v1/by-hono')).json()).toEqual({ ownHeaders: {} });
  });
});

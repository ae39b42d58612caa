// Answers for a request the runtime's HTTP adapter could not hand to the app (a backslash in the path, a Host
// header that is not a host): a problem like every other error, so that clients never meet a bare 400.
import { problem } from './problems.ts';

/**
 * `malformed`: the request could not be made into a Request (400). `crashed`: the app itself threw, which its error
 * handler should make impossible (500). In Vietnamese, the default, since no header (Accept-Language included) could
 * be read; the 400's detail carries an English gloss for the developer reading it.
 */
export function unparsedRequestResponse(reason: 'malformed' | 'crashed'): Response {
  const body = reason === 'malformed'
    ? problem('bad-request', 'vi', 'Đường dẫn hoặc tiêu đề Host của yêu cầu không hợp lệ (Malformed request target or Host header).')
    : problem('internal', 'vi');
  // A request id like every other answer's, for a client that reports it (no log line carries it: nothing was read).
  return new Response(JSON.stringify(body), { status: body.status, headers: { 'Content-Type': 'application/problem+json', 'X-Request-Id': crypto.randomUUID() } });
}

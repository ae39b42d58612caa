import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook, webhookHeaders } from './webhook-signature.ts';

// The example of the Standard Webhooks specification / Svix documentation.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = 1614265330;
const BODY = '{"test": 2432232314}';

describe('Standard Webhooks signing', () => {
  it('matches the specification’s example signature', async () => {
    expect(await signWebhook(SECRET, ID, TIMESTAMP, BODY)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies its own headers and refuses a changed body, another secret or an old timestamp', async () => {
    const headers = await webhookHeaders(SECRET, ID, TIMESTAMP, BODY);
    expect(await verifyWebhook(SECRET, headers, BODY, TIMESTAMP + 10)).toBe(true);
    expect(await verifyWebhook(SECRET, headers, `${BODY} `, TIMESTAMP)).toBe(false);
    expect(await verifyWebhook('whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', headers, BODY, TIMESTAMP)).toBe(false);
    expect(await verifyWebhook(SECRET, headers, BODY, TIMESTAMP + 301)).toBe(false);
    expect(await verifyWebhook(SECRET, { ...headers, 'webhook-signature': `v1,bm9wZQ== ${headers['webhook-signature']}` }, BODY, TIMESTAMP)).toBe(true);
  });
});

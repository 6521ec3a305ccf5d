import { SubscriptionRecord } from '@app/events';
import { verifySignature } from '@app/formatters';
import { activeSecrets, signedRequest } from './outbound-request';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OLD_SECRET = 'whsec_dGhpcyBpcyBhbiBvbGQgc2VjcmV0IGtleSAxMjM0';
const now = new Date('2026-05-01T10:00:00.000Z');

const subscription = (
  overrides: Partial<SubscriptionRecord['target']> = {},
  secrets: SubscriptionRecord['secrets'] = [{ secret: SECRET }],
) => ({
  target: {
    type: 'http' as const,
    url: 'https://ci.example.com/hooks',
    headers: { 'X-Team': 'build', 'Content-Type': 'text/forged', 'Webhook-Signature': 'v1,forged' },
    authorization: 'Bearer abc',
    verifyTls: false,
    ...overrides,
  },
  secrets,
});
const payload = { headers: { 'content-type': 'application/json' }, body: '{"type":"PING"}' };

describe('signedRequest', () => {
  it('merges custom headers, Authorization, content headers and the signature, later sources winning', () => {
    const request = signedRequest({
      subscription: subscription(),
      deliveryId: 'D1',
      payload,
      now,
      userAgent: 'ua/1',
    });
    expect(request).toEqual({
      url: 'https://ci.example.com/hooks',
      body: '{"type":"PING"}',
      verifyTls: false,
      headers: {
        'user-agent': 'ua/1',
        'x-team': 'build',
        authorization: 'Bearer abc',
        'content-type': 'application/json',
        'webhook-id': 'D1',
        'webhook-timestamp': String(now.getTime() / 1000),
        'webhook-signature': expect.stringMatching(/^v1,/),
      },
    });
  });

  it('signs per Standard Webhooks with every secret still in its overlap window', () => {
    const secrets = [{ secret: SECRET }, { secret: OLD_SECRET, expiresAt: '2026-05-02T00:00:00.000Z' }];
    const request = signedRequest({
      subscription: subscription({}, secrets),
      deliveryId: 'D1',
      payload,
      now,
      userAgent: 'ua/1',
    });
    expect(request.headers['webhook-signature'].split(' ')).toHaveLength(2);
    const timestamp = now.getTime() / 1000;
    for (const secret of [SECRET, OLD_SECRET]) {
      const verify = (body: string) =>
        verifySignature({
          webhookId: 'D1',
          timestamp,
          body,
          signatureHeader: request.headers['webhook-signature'],
          secret,
          now: timestamp,
        });
      expect(verify(payload.body)).toBe(true);
      expect(verify(`${payload.body} `)).toBe(false);
    }
  });

  it('lets a custom header replace the user agent and keeps the CA for verified TLS', () => {
    const request = signedRequest({
      subscription: subscription({
        headers: { 'User-Agent': 'mine' },
        verifyTls: true,
        caCert: 'PEM',
        authorization: undefined,
      }),
      deliveryId: 'D1',
      payload,
      now,
      userAgent: 'ua/1',
    });
    expect(request.headers['user-agent']).toBe('mine');
    expect(request.headers.authorization).toBeUndefined();
    expect(request).toMatchObject({ verifyTls: true, caCert: 'PEM' });
  });
});

describe('activeSecrets', () => {
  it('drops secrets whose overlap window ended, keeping the newest if none is left', () => {
    const current = { secret: SECRET };
    const expired = { secret: OLD_SECRET, expiresAt: '2026-04-30T00:00:00.000Z' };
    expect(activeSecrets([current, expired], now)).toEqual([current]);
    expect(activeSecrets([expired], now)).toEqual([expired]);
  });
});

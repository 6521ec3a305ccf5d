import fc from 'fast-check';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { generateSecret, parseSecret, signPayload, verifySignature } from './standard-webhooks';

/** The example in the Standard Webhooks specification. */
const SPEC_EXAMPLE = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  webhookId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const now = (): number => Math.floor(Date.now() / 1000);

describe('signPayload', () => {
  it('reproduces the specification’s example', () => {
    const { secret, signature, ...message } = SPEC_EXAMPLE;
    expect(signPayload({ ...message, secrets: [secret] })).toEqual({
      'webhook-id': message.webhookId,
      'webhook-timestamp': '1614265330',
      'webhook-signature': signature,
    });
  });

  it('produces headers the standardwebhooks package verifies, with each secret of a rotation', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 2000 }),
        fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme-ascii' }),
        (body, webhookId) => {
          const [oldSecret, newSecret] = [generateSecret(), generateSecret()];
          const headers = signPayload({ webhookId, timestamp: now(), body, secrets: [newSecret, oldSecret] });
          expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
          for (const secret of [oldSecret, newSecret]) {
            expect(new Webhook(secret).verify(body, headers, { jsonParse: false })).toBeUndefined();
          }
          expect(() => new Webhook(generateSecret()).verify(body, headers, { jsonParse: false })).toThrow(
            WebhookVerificationError,
          );
          expect(() => new Webhook(newSecret).verify(`${body} `, headers, { jsonParse: false })).toThrow(
            WebhookVerificationError,
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses to sign with no secret, a malformed secret or a fractional timestamp', () => {
    expect(() => signPayload({ webhookId: 'a', timestamp: 1, body: '', secrets: [] })).toThrow(
      'At least one signing secret',
    );
    expect(() => signPayload({ webhookId: 'a', timestamp: 1, body: '', secrets: ['nope'] })).toThrow(
      'whsec_',
    );
    expect(() =>
      signPayload({ webhookId: 'a', timestamp: 1.5, body: '', secrets: [SPEC_EXAMPLE.secret] }),
    ).toThrow('Unix seconds');
  });
});

describe('secrets', () => {
  it('generates whsec_ and the base64 of 32 random bytes, each time different', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(parseSecret(secret)).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret);
  });

  it('accepts 24 to 64 bytes of standard base64 behind whsec_', () => {
    expect(parseSecret(SPEC_EXAMPLE.secret)).toEqual(
      Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'),
    );
    expect(parseSecret(`whsec_${Buffer.alloc(64, 7).toString('base64')}`)).toHaveLength(64);
  });

  it.each([
    ['', 'must start with "whsec_"'],
    ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'must start with "whsec_"'],
    ['whsec_', 'standard base64'],
    ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS!', 'standard base64'],
    ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS', 'standard base64'],
    ['whsec_MfKQ9r8GKYqrTwjUPD8I_PZIo2LaLaSw', 'standard base64'],
    [`whsec_${Buffer.alloc(23).toString('base64')}`, 'decode to 24–64 bytes, not 23'],
    [`whsec_${Buffer.alloc(65).toString('base64')}`, 'decode to 24–64 bytes, not 65'],
  ])('refuses %j', (secret, message) => {
    expect(() => parseSecret(secret)).toThrow(message);
  });
});

describe('verifySignature', () => {
  const { secret, signature, webhookId, timestamp, body } = SPEC_EXAMPLE;
  const base = { webhookId, timestamp, body, secret, now: timestamp };

  it('accepts the specification’s example, also among other signatures', () => {
    expect(verifySignature({ ...base, signatureHeader: signature })).toBe(true);
    expect(verifySignature({ ...base, signatureHeader: `v1,bm9wZQ== v2,xyz ${signature}` })).toBe(true);
  });

  it('refuses another body, id, timestamp, secret or version', () => {
    expect(verifySignature({ ...base, body: `${body} `, signatureHeader: signature })).toBe(false);
    expect(verifySignature({ ...base, webhookId: 'msg_other', signatureHeader: signature })).toBe(false);
    expect(
      verifySignature({ ...base, timestamp: timestamp + 1, now: timestamp + 1, signatureHeader: signature }),
    ).toBe(false);
    expect(verifySignature({ ...base, secret: generateSecret(), signatureHeader: signature })).toBe(false);
    expect(verifySignature({ ...base, signatureHeader: signature.replace('v1,', 'v2,') })).toBe(false);
  });

  it('refuses timestamps outside the tolerance, five minutes by default', () => {
    const header = { signatureHeader: signature };
    expect(verifySignature({ ...base, ...header, now: timestamp + 300 })).toBe(true);
    expect(verifySignature({ ...base, ...header, now: timestamp + 301 })).toBe(false);
    expect(verifySignature({ ...base, ...header, now: timestamp - 301 })).toBe(false);
    expect(verifySignature({ ...base, ...header, now: timestamp + 3600, toleranceSeconds: 3600 })).toBe(true);
  });

  it('treats a malformed header as no match', () => {
    for (const signatureHeader of ['', 'v1', 'v1,', 'v1,***', 'garbage', signature.slice(0, -4)]) {
      expect(verifySignature({ ...base, signatureHeader })).toBe(false);
    }
  });

  it('verifies what signPayload signs, for the current clock by default', () => {
    const headers = signPayload({ webhookId, timestamp: now(), body, secrets: [secret] });
    expect(
      verifySignature({
        webhookId,
        timestamp: Number(headers['webhook-timestamp']),
        body,
        secret,
        signatureHeader: headers['webhook-signature'],
      }),
    ).toBe(true);
  });
});

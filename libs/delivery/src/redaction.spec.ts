import fc from 'fast-check';
import { redactHeaders, truncateUtf8 } from './redaction';

describe('redactHeaders', () => {
  it('masks credential headers by name, case-insensitively, and keeps the rest', () => {
    const headers = {
      Authorization: 'Bearer abc',
      'proxy-authorization': 'Basic xyz',
      Cookie: 'session=1',
      'Set-Cookie': 'session=2',
      'X-Api-Key': 'k1',
      'x-apikey': 'k2',
      'X-API_KEY': 'k3',
      'X-Auth-Token': 't',
      'x-client-secret': 's',
      'X-Password': 'p',
      'webhook-signature': 'v1,c2lnbmF0dXJl',
      'webhook-id': 'msg_1',
      'Content-Type': 'application/json',
    };
    expect(redactHeaders(headers)).toEqual({
      Authorization: '[redacted]',
      'proxy-authorization': '[redacted]',
      Cookie: '[redacted]',
      'Set-Cookie': '[redacted]',
      'X-Api-Key': '[redacted]',
      'x-apikey': '[redacted]',
      'X-API_KEY': '[redacted]',
      'X-Auth-Token': '[redacted]',
      'x-client-secret': '[redacted]',
      'X-Password': '[redacted]',
      'webhook-signature': 'v1,c2lnbmF0dXJl',
      'webhook-id': 'msg_1',
      'Content-Type': 'application/json',
    });
  });

  it('does not modify its input', () => {
    const headers = { authorization: 'Bearer abc' };
    redactHeaders(headers);
    expect(headers).toEqual({ authorization: 'Bearer abc' });
  });
});

describe('truncateUtf8', () => {
  it('leaves text that fits alone', () => {
    expect(truncateUtf8('héllo', 6)).toEqual({ text: 'héllo', truncated: false });
  });

  it('cuts before a character that would not fit whole', () => {
    expect(truncateUtf8('aé', 2)).toEqual({ text: 'a', truncated: true });
    expect(truncateUtf8('a€', 3)).toEqual({ text: 'a', truncated: true });
    expect(truncateUtf8('a😀b', 4)).toEqual({ text: 'a', truncated: true });
    expect(truncateUtf8('a😀b', 5)).toEqual({ text: 'a😀', truncated: true });
    expect(truncateUtf8('😀', 0)).toEqual({ text: '', truncated: true });
  });

  it('returns the longest whole-character prefix within the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite' }), fc.nat(64), (text, maxBytes) => {
        const { text: kept, truncated } = truncateUtf8(text, maxBytes);
        const keptBytes = Buffer.byteLength(kept, 'utf8');
        expect(keptBytes).toBeLessThanOrEqual(maxBytes);
        expect(text.startsWith(kept)).toBe(true);
        expect(truncated).toBe(kept.length < text.length);
        if (truncated) {
          const nextCodePoint = String.fromCodePoint(text.codePointAt(kept.length) ?? 0);
          expect(keptBytes + Buffer.byteLength(nextCodePoint, 'utf8')).toBeGreaterThan(maxBytes);
        }
      }),
    );
  });
});

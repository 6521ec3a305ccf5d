/** Header names whose values are credentials wherever they appear. */
const SECRET_HEADER_NAMES = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
/** Any header name containing one of these carries a credential (x-api-key, x-auth-token, …). */
const SECRET_NAME_PARTS = ['secret', 'token', 'password', 'api-key', 'apikey', 'api_key'];

export const REDACTED = '[redacted]';

/**
 * Copy of `headers` fit for an attempt record: credential values replaced by '[redacted]'.
 * `webhook-signature` stays visible: an HMAC reveals nothing about the secret and receivers
 * need it to debug verification.
 */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    redacted[name] = isSecretHeader(name.toLowerCase()) ? REDACTED : value;
  }
  return redacted;
}

function isSecretHeader(lowerCaseName: string): boolean {
  return (
    SECRET_HEADER_NAMES.has(lowerCaseName) || SECRET_NAME_PARTS.some((part) => lowerCaseName.includes(part))
  );
}

/** The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes`; never splits a character. */
export function truncateUtf8(text: string, maxBytes: number): { text: string; truncated: boolean } {
  const encoded = Buffer.from(text, 'utf8');
  if (encoded.length <= maxBytes) return { text, truncated: false };
  let end = Math.max(0, Math.floor(maxBytes));
  // Back up over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && (encoded[end] & 0xc0) === 0x80) end -= 1;
  return { text: encoded.subarray(0, end).toString('utf8'), truncated: true };
}

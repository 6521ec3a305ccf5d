import {
  createHmac,
  createSecretKey,
  randomBytes,
  timingSafeEqual,
  type Hmac,
  type KeyObject,
} from 'node:crypto';

/** Standard Webhooks v1 signing: HMAC-SHA256 over `{id}.{timestamp}.{body}`, secrets `whsec_` + base64. */

export const SECRET_PREFIX = 'whsec_';
export const SECRET_MIN_BYTES = 24;
export const SECRET_MAX_BYTES = 64;
/** Receivers accept timestamps this far from their clock (the spec's ±5 min). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const GENERATED_SECRET_BYTES = 32;
const SIGNATURE_VERSION = 'v1';
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface SignInput {
  webhookId: string;
  /** Unix seconds. */
  timestamp: number;
  body: string;
  /** Every secret currently valid: the new one and, during a rotation, the old one. */
  secrets: readonly string[];
}

export type SignatureHeaders = Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string>;

export interface VerifyInput {
  webhookId: string;
  /** Unix seconds, as sent in `webhook-timestamp`. */
  timestamp: number;
  body: string;
  /** The `webhook-signature` header: space-separated `v1,<base64>` entries. */
  signatureHeader: string;
  secret: string;
  toleranceSeconds?: number;
  /** Unix seconds; defaults to the clock. */
  now?: number;
}

/** A new secret: `whsec_` and the base64 of 32 random bytes. */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(GENERATED_SECRET_BYTES).toString('base64');
}

/** The HMAC key of a `whsec_` secret; throws an Error saying what is wrong with a malformed one. */
export function parseSecret(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error(`Signing secret must start with "${SECRET_PREFIX}"`);
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (encoded.length === 0 || !STANDARD_BASE64.test(encoded)) {
    throw new Error(`Signing secret must be "${SECRET_PREFIX}" followed by standard base64`);
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < SECRET_MIN_BYTES || key.length > SECRET_MAX_BYTES) {
    throw new Error(
      `Signing secret must decode to ${SECRET_MIN_BYTES}–${SECRET_MAX_BYTES} bytes, not ${key.length}`,
    );
  }
  return key;
}

/** The three Standard Webhooks headers, with one `v1,` signature per secret. */
export function signPayload(input: SignInput): SignatureHeaders {
  if (input.secrets.length === 0) throw new Error('At least one signing secret is needed');
  if (!Number.isSafeInteger(input.timestamp))
    throw new Error('The signature timestamp must be whole Unix seconds');
  const timestamp = String(input.timestamp);
  let signatures = '';
  for (const secret of input.secrets) {
    const signature = hmac(keyOf(secret), input.webhookId, timestamp, input.body).digest('base64');
    signatures += `${signatures === '' ? '' : ' '}${SIGNATURE_VERSION},${signature}`;
  }
  return { 'webhook-id': input.webhookId, 'webhook-timestamp': timestamp, 'webhook-signature': signatures };
}

/**
 * Keys of recent secrets: a dispatcher signs with the same few secrets again and again. Kept as
 * KeyObjects: Node checks a Buffer key anew for every HMAC, which costs three times the HMAC of a
 * webhook body.
 */
const KEYS = new Map<string, KeyObject>();
const MAX_CACHED_KEYS = 4096;

function keyOf(secret: string): KeyObject {
  let key = KEYS.get(secret);
  if (key === undefined) {
    key = createSecretKey(parseSecret(secret));
    if (KEYS.size >= MAX_CACHED_KEYS) KEYS.clear();
    KEYS.set(secret, key);
  }
  return key;
}

/**
 * True when one of the header's v1 signatures is `secret`'s signature of the message and the
 * timestamp is within the tolerance. Signatures are compared in constant time; a malformed header
 * is simply not a match, a malformed secret throws.
 */
export function verifySignature(input: VerifyInput): boolean {
  const key = parseSecret(input.secret);
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!Number.isFinite(input.timestamp) || Math.abs(now - input.timestamp) > tolerance) return false;
  const expected = hmac(key, input.webhookId, String(input.timestamp), input.body).digest();
  let matched = false;
  for (const entry of input.signatureHeader.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== SIGNATURE_VERSION) continue;
    const encoded = entry.slice(comma + 1);
    if (!STANDARD_BASE64.test(encoded)) continue;
    const candidate = Buffer.from(encoded, 'base64');
    // Every candidate is compared, so the time taken does not say which one matched.
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
  }
  return matched;
}

/** HMAC-SHA256 over `{id}.{timestamp}.{body}`, fed in two parts so the body is not copied into a new string. */
function hmac(key: Buffer | KeyObject, webhookId: string, timestamp: string, body: string): Hmac {
  return createHmac('sha256', key).update(`${webhookId}.${timestamp}.`, 'utf8').update(body, 'utf8');
}

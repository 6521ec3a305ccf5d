import { isUtf8 } from 'node:buffer';
import { ValidationIssue, ValidationResult } from './issues';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A UTF-8 byte order mark, which the text after it does not include. */
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function reject(message: string): { ok: false; errors: ValidationIssue[] } {
  return { ok: false, errors: [{ path: '', message }] };
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * Bytes from outside (a Kafka record value, an HTTP body) → a JSON object. Never throws: empty,
 * oversized, non-UTF-8, non-JSON and non-object input each give one issue at the root, whose
 * message starts with `what` ("record value", "body").
 */
export function parseJsonObject(
  bytes: Buffer | string | null,
  what: string,
  maxBytes: number,
): ValidationResult<JsonObject> {
  if (bytes === null || bytes.length === 0) return reject(`${what} is empty (null or zero bytes)`);
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes, 'utf8') : bytes.byteLength;
  if (size > maxBytes) return reject(`${what} is ${size} bytes, larger than the limit of ${maxBytes}`);
  let text: string;
  if (typeof bytes === 'string') text = bytes;
  // isUtf8 and toString are several times faster than a fatal TextDecoder on every inbound record.
  else if (!isUtf8(bytes)) return reject(`${what} is not valid UTF-8`);
  else {
    const start = bytes.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0;
    text = bytes.toString('utf8', start);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return reject(`${what} is not valid JSON: ${(error as Error).message.slice(0, 200)}`);
  }
  if (!isObject(parsed)) return reject(`${what} must be a JSON object, not ${describeJson(parsed)}`);
  return { ok: true, value: parsed };
}

import { ValidationIssue, ValidationResult } from './issues';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

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
  else {
    try {
      text = UTF8.decode(bytes);
    } catch {
      return reject(`${what} is not valid UTF-8`);
    }
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

import { JSON_CONTENT_TYPE, type FormattedPayload } from '../formatter';

/**
 * The chat renderers write their bodies as JSON text rather than building objects for
 * JSON.stringify: a chat body is twenty-odd small objects around a dozen short strings, and
 * writing it directly takes about half the time (formatter bench), with the same bytes.
 */

// eslint-disable-next-line no-control-regex -- control characters are what JSON escapes
const JSON_SPECIAL = /["\\\x00-\x1f\ud800-\udfff]/;

/**
 * `text` as it appears between the quotes of a JSON string, exactly as JSON.stringify writes it
 * (a lone surrogate escaped, a pair kept). Most text has nothing to escape and costs one regular
 * expression test.
 */
export function jsonChars(text: string): string {
  return JSON_SPECIAL.test(text) ? JSON.stringify(text).slice(1, -1) : text;
}

/** A payload with a JSON body already written as text. */
export function jsonTextPayload(body: string): FormattedPayload {
  return { headers: { 'content-type': JSON_CONTENT_TYPE }, body };
}

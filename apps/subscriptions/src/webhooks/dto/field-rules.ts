import { parseDuration } from '@app/common';
import { parseSecret } from '@app/formatters';
import { isRfc3339DateTime, parseScope, resolveEventType } from '@app/events';
import { hasControlCharacter } from '../../common/control-characters';

/**
 * Field rules too specific for class-validator's built-ins. Each returns undefined when the value is
 * fine, else the problem as it follows the field name: " must be …" or ".X-Team must …" (a
 * sub-field), so the message reads "target.headers.X-Team must not contain CR, LF or NUL".
 */
export type Problem = string | undefined;

export const NAME_PATTERN = /^[a-z0-9]{5,50}$/;
export const MAX_URL_LENGTH = 2048;
export const MAX_HEADERS = 50;
export const MAX_HEADER_NAME_LENGTH = 256;
export const MAX_HEADER_VALUE_LENGTH = 8192;
export const MAX_AUTHORIZATION_LENGTH = 8192;
export const MAX_CA_CERT_LENGTH = 65536;
export const MAX_EVENTS = 100;
export const MAX_RETRIES = 20;
export const MAX_RETRY_DELAY_MS = 24 * 3_600_000;

/** RFC 7230 `token`. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Set by the dispatcher, the HTTP client or the signature: a subscription may not override them. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-authorization',
  'proxy-connection',
]);
const RESERVED_PREFIXES = ['webhook-', 'ce-'];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function urlProblem(value: unknown): Problem {
  if (typeof value !== 'string') return ' must be an http or https URL';
  if (value.length > MAX_URL_LENGTH) return ` must be at most ${MAX_URL_LENGTH} characters`;
  if (!URL.canParse(value) || /\s/.test(value) || hasControlCharacter(value))
    return ' must be an http or https URL';
  const url = new URL(value);
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    return ' must be an http or https URL';
  }
  return undefined;
}

export function headersProblem(value: unknown): Problem {
  if (!isPlainObject(value)) return ' must be an object of header names to string values';
  const entries = Object.entries(value);
  if (entries.length > MAX_HEADERS) return ` may have at most ${MAX_HEADERS} headers`;
  const seen = new Set<string>();
  for (const [name, headerValue] of entries) {
    const label = JSON.stringify(name).slice(1, -1).slice(0, 64);
    if (!HEADER_NAME.test(name) || name.length > MAX_HEADER_NAME_LENGTH) {
      return `.${label} is not a valid header name (letters, digits and !#$%&'*+.^_\`|~- only)`;
    }
    const lower = name.toLowerCase();
    if (seen.has(lower)) return `.${label} is given twice (header names are case-insensitive)`;
    seen.add(lower);
    if (lower === 'authorization')
      return `.${label} is set with target.authorization, not as a custom header`;
    if (RESERVED_HEADERS.has(lower) || RESERVED_PREFIXES.some((prefix) => lower.startsWith(prefix))) {
      return `.${label} is set by the dispatcher and cannot be overridden`;
    }
    if (typeof headerValue !== 'string') return `.${label} must be a string`;
    if (hasControlCharacter(headerValue, '\t'))
      return `.${label} must not contain CR, LF, NUL or other control characters`;
    if (headerValue.length > MAX_HEADER_VALUE_LENGTH)
      return `.${label} must be at most ${MAX_HEADER_VALUE_LENGTH} characters`;
  }
  return undefined;
}

export function authorizationProblem(value: unknown): Problem {
  if (typeof value !== 'string') return ' must be a string';
  if (value.trim() === '') return ' must not be empty';
  if (hasControlCharacter(value, '\t')) return ' must not contain CR, LF, NUL or other control characters';
  if (value.length > MAX_AUTHORIZATION_LENGTH)
    return ` must be at most ${MAX_AUTHORIZATION_LENGTH} characters`;
  return undefined;
}

export function caCertProblem(value: unknown): Problem {
  if (typeof value !== 'string') return ' must be a PEM string';
  if (value.length > MAX_CA_CERT_LENGTH) return ` must be at most ${MAX_CA_CERT_LENGTH} characters`;
  if (
    !/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(value) ||
    hasControlCharacter(value, '\t\r\n')
  ) {
    return ' must be a PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)';
  }
  return undefined;
}

/** Free text: anything printable, plus newlines and tabs (PostgreSQL text cannot hold NUL). */
export function textProblem(value: unknown): Problem {
  if (typeof value !== 'string') return ' must be a string';
  return hasControlCharacter(value, '\t\r\n') ? ' must not contain control characters' : undefined;
}

export function scopeProblem(value: unknown): Problem {
  if (typeof value !== 'string' && !isPlainObject(value)) {
    return ' must be {"type":"global"}, {"type":"namespace","namespace":…}, {"type":"repository","repository":…,"tag"?:…} or a string such as "foo/bar:v*"';
  }
  const parsed = parseScope(value as Parameters<typeof parseScope>[0]);
  if (parsed.ok) return undefined;
  const [{ path, message }] = parsed.errors;
  return path === '' ? ` ${message}` : `${path.replaceAll('/', '.')} ${message}`;
}

export function eventsProblem(value: unknown): Problem {
  if (!Array.isArray(value)) return ' must be an array of event types';
  if (value.length === 0) return ' must contain at least one event type';
  if (value.length > MAX_EVENTS) return ` may have at most ${MAX_EVENTS} entries`;
  const unknown = value.filter((name) => typeof name !== 'string' || resolveEventType(name) === undefined);
  if (unknown.length === 0) return undefined;
  const listed = unknown
    .slice(0, 5)
    .map((name) => JSON.stringify(name)?.slice(0, 64) ?? String(name))
    .join(', ');
  return ` contains unknown event types: ${listed} (see GET /api/v1/event-types)`;
}

/** A namespace name as scopes use it (list filter). */
export function namespaceProblem(value: unknown): Problem {
  const parsed =
    typeof value === 'string' && value !== ''
      ? parseScope({ type: 'namespace', namespace: value })
      : undefined;
  return parsed?.ok ? undefined : ' must be a namespace name such as "foo"';
}

/** A repository path as scopes use it (list filter). */
export function repositoryProblem(value: unknown): Problem {
  const parsed =
    typeof value === 'string' ? parseScope({ type: 'repository', repository: value }) : undefined;
  return parsed?.ok ? undefined : ' must be a repository path such as "foo/bar"';
}

export function eventTypeProblem(value: unknown): Problem {
  return typeof value === 'string' && resolveEventType(value) !== undefined
    ? undefined
    : ' must be an event type name or alias (see GET /api/v1/event-types)';
}

export function retryScheduleProblem(value: unknown): Problem {
  if (!Array.isArray(value)) return ' must be an array of durations such as ["5s", "1m", "1h"]';
  if (value.length > MAX_RETRIES) return ` may have at most ${MAX_RETRIES} entries`;
  for (const [index, entry] of value.entries()) {
    if (typeof entry !== 'string') return `.${index} must be a duration such as "5s"`;
    let ms: number;
    try {
      ms = parseDuration(entry);
    } catch {
      return `.${index} must be a duration such as "500ms", "5s", "5m" or "2h"`;
    }
    if (ms > MAX_RETRY_DELAY_MS) return `.${index} must be at most 24h`;
  }
  return undefined;
}

export function secretProblem(value: unknown): Problem {
  if (typeof value !== 'string') return ' must be a string';
  try {
    parseSecret(value);
    return undefined;
  } catch {
    return ' must be whsec_ followed by the base64 of 24 to 64 random bytes';
  }
}

/** A tag as registries name them (OCI distribution: up to 128 word characters, dots and dashes). */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** An OCI content digest: algorithm, colon, encoded hash. */
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[A-Za-z0-9=_-]{1,128}$/;

export function tagProblem(value: unknown): Problem {
  return typeof value === 'string' && TAG.test(value)
    ? undefined
    : ' must be a tag such as "1.0" or "latest"';
}

export function digestProblem(value: unknown): Problem {
  return typeof value === 'string' && DIGEST.test(value)
    ? undefined
    : ' must be a digest such as "sha256:1bc04b52…" (algorithm:hex)';
}

export function dateTimeProblem(value: unknown): Problem {
  return typeof value === 'string' && isRfc3339DateTime(value)
    ? undefined
    : ' must be an RFC 3339 date-time such as "2026-11-22T10:00:00Z"';
}

import { parseDuration } from '@app/common';
import { hasControlCharacter } from '../../common/control-characters';
import { MAX_URL_LENGTH, Problem } from '../../webhooks/dto/field-rules';

export const MIN_INTERVAL_MS = 60_000;
export const MAX_INTERVAL_MS = 7 * 86_400_000;
const MAX_CREDENTIAL_LENGTH = 8192;

/** `https://host[:port]`: the registry's origin, without path, query or user. */
export function registryProblem(value: unknown): Problem {
  const problem = ' must be the registry as https://host[:port] (or http://)';
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH || !URL.canParse(value) || /\s/.test(value))
    return problem;
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return problem;
  if (url.username !== '' || url.password !== '')
    return ' must not carry credentials (give them in credentials)';
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '')
    return ' must be the origin only, without a path';
  return undefined;
}

export function intervalProblem(value: unknown): Problem {
  if (typeof value !== 'string') return ' must be a duration such as "5m"';
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch {
    return ' must be a duration such as "30m", "5m" or "1h"';
  }
  if (ms < MIN_INTERVAL_MS) return ' must be at least 1m';
  if (ms > MAX_INTERVAL_MS) return ' must be at most 7d';
  return undefined;
}

const text = (value: unknown): value is string =>
  typeof value === 'string' &&
  value !== '' &&
  value.length <= MAX_CREDENTIAL_LENGTH &&
  !hasControlCharacter(value);

/** `{username, password}` or `{token}`, nothing else. */
export function credentialsProblem(value: unknown): Problem {
  const shape = ' must be {"username": …, "password": …} or {"token": …}';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return shape;
  const keys = Object.keys(value).sort().join(',');
  const fields = value as Record<string, unknown>;
  if (keys === 'password,username') {
    if (!text(fields.username) || fields.username.includes(':'))
      return '.username must be a name without ":"';
    return text(fields.password) ? undefined : '.password must be a non-empty string';
  }
  if (keys === 'token') return text(fields.token) ? undefined : '.token must be a non-empty string';
  return shape;
}

import { TSchema, Type } from '@sinclair/typebox';
import { TypeCheck } from '@sinclair/typebox/compiler';
import { createHash } from 'node:crypto';
import { EventType } from '../event-types';
import { Digest, RepositoryPath, Tag } from '../schemas/common';
import { CanonicalEvent } from '../schemas/envelope';
import { formatIssues, IssueList } from '../validation/issues';
import { validateEvent } from '../validation/validate-event';
import { AdaptResult, IgnoredReason, MAX_NATIVE_BYTES } from './notification';

/** What adapters build: a canonical event before validation (its data loosely typed). */
export type DraftEvent = Omit<CanonicalEvent, 'data'> & { type: EventType; data: Record<string, unknown> };

/** A draft and where in the native body it came from, for error messages. */
export interface Drafted {
  event: DraftEvent;
  nativePath: string;
}

/**
 * An event id derived from what identifies the event where it came from (a native event's id, a
 * watched tag's digest), so a retry or a duplicate gets the same id and the dispatcher delivers it
 * once: `<prefix>-<32 hex digits>`.
 */
export function derivedEventId(prefix: string, parts: readonly (string | number)[]): string {
  const hash = createHash('sha256').update(parts.map(String).join('\u0000')).digest('hex');
  return `${prefix}-${hash.slice(0, 32)}`;
}

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A repository name as registries write it: one or more path components. */
export const REPOSITORY_NAME = '^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$';

/**
 * Our repositories are `namespace/name`; a registry's top-level repository (Distribution's
 * `hello`, ACR's) is put in `library`, as Docker does for its official images.
 */
export function canonicalRepository(name: string): string {
  return name.includes('/') ? name : `library/${name}`;
}

export function namespaceOf(repository: string): string {
  return repository.slice(0, repository.indexOf('/'));
}

const DIGEST = new RegExp(Digest.pattern!);
const TAG = new RegExp(Tag.pattern!);
const REPOSITORY = new RegExp(RepositoryPath.pattern!);

export const isDigest = (value: string): boolean => DIGEST.test(value);
export const isTag = (value: string): boolean => TAG.test(value);
export const isRepositoryPath = (value: string): boolean => REPOSITORY.test(value);

/** `host/repository:tag`, or `host/repository@digest` without a tag. */
export function imageReference(
  host: string,
  repository: string,
  ref: { tag?: string; digest?: string },
): string {
  if (ref.tag !== undefined) return `${host}/${repository}:${ref.tag}`;
  return ref.digest === undefined ? `${host}/${repository}` : `${host}/${repository}@${ref.digest}`;
}

/** The host of `https://host[:port]/…` or of an image reference `host[:port]/repo:tag`; undefined if neither. */
export function hostOf(reference: string | undefined): string | undefined {
  if (reference === undefined || reference === '') return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(reference) ? reference : `https://${reference}`;
  try {
    const host = new URL(withScheme).host;
    return host === '' ? undefined : host;
  } catch {
    return undefined;
  }
}

/**
 * A native payload's Unix time in seconds, up to the last second of year 9999: the last an RFC 3339
 * timestamp can write, and well inside what a JavaScript Date holds, so unixSecondsToIso never
 * throws on a value the schema let through.
 */
export const UnixSeconds = Type.Number({ minimum: 0, maximum: 253_402_300_799 });

export function unixSecondsToIso(seconds: number): string {
  return new Date(Math.round(seconds * 1000)).toISOString();
}

/** `data` with the native event in `native` when its JSON is under MAX_NATIVE_BYTES. */
export function withNative(data: Record<string, unknown>, native: unknown): Record<string, unknown> {
  const size = Buffer.byteLength(JSON.stringify(native) ?? '', 'utf8');
  return size < MAX_NATIVE_BYTES ? { ...data, native } : data;
}

/** A copy without undefined properties at any depth, so events serialise and compare like JSON. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) if (child !== undefined) out[key] = compact(child);
  return out as T;
}

/** Checks `value` against a native shape, adding problems under `prefix`; true when it fits. */
export function fits<T extends TSchema>(
  check: TypeCheck<T>,
  value: unknown,
  issues: IssueList,
  prefix = '',
): boolean {
  if (check.Check(value)) return true;
  issues.addSchemaErrors(check, value, prefix);
  return false;
}

/**
 * The adapter's answer: its problems if it found any, otherwise every draft validated as a
 * canonical event (a draft the schemas refuse is reported at the native event it came from).
 */
export function finish(drafts: readonly Drafted[], ignored: IgnoredReason[], issues: IssueList): AdaptResult {
  const events: CanonicalEvent[] = [];
  for (const { event, nativePath } of drafts) {
    const result = validateEvent(compact(event));
    if (result.ok) events.push(result.value);
    else issues.add(nativePath, `does not give a valid ${event.type} event: ${formatIssues(result.errors)}`);
  }
  return issues.empty ? { ok: true, value: { events, ignored } } : { ok: false, errors: issues.result() };
}

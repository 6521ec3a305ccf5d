import { Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ScanData } from '../schemas/families';
import { IssueList } from '../validation/issues';
import { JsonObject } from '../validation/json-object';
import {
  derivedEventId,
  canonicalRepository,
  Drafted,
  finish,
  fits,
  hostOf,
  imageReference,
  isDigest,
  isTag,
  namespaceOf,
  REPOSITORY_NAME,
  withNative,
} from './canonical';
import { AdaptResult, NativeNotification } from './notification';

/** What every Quay repository notification carries (notifications/__init__.py build_repository_event_data). */
const QuayRepositoryEvent = Type.Object({
  repository: Type.String({ pattern: REPOSITORY_NAME, maxLength: 255 }),
  docker_url: Type.Optional(Type.String({ maxLength: 2048 })),
  updated_tags: Type.Optional(Type.Array(Type.String({ maxLength: 255 }))),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 255 }))),
  vulnerability: Type.Optional(
    Type.Object({
      id: Type.String({ minLength: 1, maxLength: 255 }),
      description: Type.Optional(Type.String()),
      link: Type.Optional(Type.String()),
      priority: Type.Optional(Type.String({ maxLength: 64 })),
      has_fix: Type.Optional(Type.Boolean()),
    }),
  ),
  build_id: Type.Optional(Type.String()),
});
type QuayRepositoryEvent = Static<typeof QuayRepositoryEvent>;
const QUAY_EVENT = TypeCompiler.Compile(QuayRepositoryEvent);

/** Quay's priorities (util/secscan PRIORITY_LEVELS); Defcon1 is above Critical. */
const SEVERITY: Readonly<Record<string, ScanData['severity']>> = {
  Unknown: 'Unknown',
  Negligible: 'Negligible',
  Low: 'Low',
  Medium: 'Medium',
  High: 'High',
  Critical: 'Critical',
  Defcon1: 'Critical',
};

/**
 * Quay: `repo_push` is one TAG_PUSH per updated tag; `vulnerability_found` one SCAN_COMPLETED per
 * tag, the finding in `data.vulnerability`; `build_*` events are acknowledged, not forwarded.
 * Quay sends the event's data only, so which event it is shows in its fields, and it has no time
 * or id: the id comes from repository, tag and the time it arrived (to the second).
 */
export function adaptQuay(body: JsonObject, notification: NativeNotification): AdaptResult {
  const issues = new IssueList();
  if (!fits(QUAY_EVENT, body, issues)) return { ok: false, errors: issues.result() };
  const event = body as QuayRepositoryEvent;
  if (event.build_id !== undefined) return { ok: true, value: { events: [], ignored: ['build'] } };
  const kind =
    event.updated_tags !== undefined ? 'push' : event.vulnerability !== undefined ? 'scan' : undefined;
  if (kind === undefined) {
    issues.add(
      '',
      'is not a Quay repo_push (updated_tags), vulnerability_found (vulnerability) or build event',
    );
    return { ok: false, errors: issues.result() };
  }
  const tagsKey = kind === 'push' ? 'updated_tags' : 'tags';
  const names = (kind === 'push' ? event.updated_tags : event.tags) ?? [];
  names.forEach((name, index) => {
    if (!isTag(name) && !(kind === 'scan' && isDigest(name)))
      issues.add(`/${tagsKey}/${index}`, 'must be a tag');
  });
  if (kind === 'push' && names.length === 0) issues.add('/updated_tags', 'must name at least one tag');
  if (!issues.empty) return { ok: false, errors: issues.result() };

  const source = hostOf(event.docker_url) ?? 'quay';
  const repository = canonicalRepository(event.repository);
  const receivedAt = new Date(Math.floor(notification.receivedAt.getTime() / 1000) * 1000).toISOString();
  const where = { namespace: namespaceOf(repository), repository };
  const imageBase = event.docker_url ?? `${source}/${event.repository}`;
  // A vulnerable manifest without tags is reported by its digest.
  const refs =
    kind === 'scan' && names.length === 0
      ? [{}]
      : names.map((name) => (isDigest(name) ? { digest: name } : { tag: name }));
  const drafts: Drafted[] = refs.map((ref: { tag?: string; digest?: string }, index) => {
    const type = kind === 'push' ? 'TAG_PUSH' : 'SCAN_COMPLETED';
    const vulnerability = event.vulnerability;
    const data =
      vulnerability === undefined
        ? {}
        : {
            scanner: { name: 'Clair' },
            status: 'completed',
            severity: SEVERITY[vulnerability.priority ?? ''] ?? 'Unknown',
            vulnerability: {
              id: vulnerability.id,
              description: vulnerability.description,
              link: vulnerability.link,
              priority: vulnerability.priority,
              hasFix: vulnerability.has_fix,
            },
          };
    return {
      nativePath: names.length === 0 ? '' : `/${tagsKey}/${index}`,
      event: {
        specversion: '1',
        id: derivedEventId('quay', [
          event.repository,
          ref.tag ?? ref.digest ?? '',
          receivedAt,
          type,
          vulnerability?.id ?? '',
        ]),
        type,
        occurredAt: receivedAt,
        source,
        target: {
          ...where,
          ...ref,
          url: ref.tag !== undefined ? `${imageBase}:${ref.tag}` : imageReference(source, repository, ref),
        },
        data: withNative(data, event),
      },
    };
  });
  return finish(drafts, [], issues);
}

import { Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { EventType } from '../event-types';
import { Digest, RequestInfo, Tag, Timestamp } from '../schemas/common';
import '../validation/date-time';
import { IssueList } from '../validation/issues';
import { JsonObject } from '../validation/json-object';
import {
  derivedEventId,
  canonicalRepository,
  Drafted,
  finish,
  fits,
  imageReference,
  namespaceOf,
  REPOSITORY_NAME,
  withNative,
} from './canonical';
import { AdaptResult, IgnoredReason } from './notification';

/** The media types Distribution notifies with; the JSON is the same for both. */
export const DISTRIBUTION_CONTENT_TYPES = [
  'application/vnd.docker.distribution.events.v1+json',
  'application/vnd.docker.distribution.events.v2+json',
] as const;

const Descriptor = Type.Object({ digest: Digest });

/** One event of Distribution's notification envelope (docs/content/about/notifications.md). */
const DistributionEvent = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 255 }),
  timestamp: Timestamp,
  action: Type.Union([
    Type.Literal('push'),
    Type.Literal('pull'),
    Type.Literal('mount'),
    Type.Literal('delete'),
  ]),
  target: Type.Object({
    mediaType: Type.Optional(Type.String({ maxLength: 255 })),
    digest: Type.Optional(Digest),
    size: Type.Optional(Type.Integer({ minimum: 0 })),
    repository: Type.String({ pattern: REPOSITORY_NAME, maxLength: 255 }),
    url: Type.Optional(Type.String({ maxLength: 2048 })),
    tag: Type.Optional(Tag),
    references: Type.Optional(Type.Array(Descriptor)),
  }),
  request: Type.Optional(Type.Object(RequestInfo.properties)),
  actor: Type.Optional(Type.Object({ name: Type.Optional(Type.String({ maxLength: 255 })) })),
});
type DistributionEvent = Static<typeof DistributionEvent>;

const ENVELOPE = TypeCompiler.Compile(
  Type.Object({ events: Type.Array(DistributionEvent, { minItems: 1 }) }),
);

/** Layers and configs: Distribution 2.x reports them as octet-stream, later versions by their own types. */
function isBlob(target: DistributionEvent['target']): boolean {
  if (target.url !== undefined) return target.url.includes('/blobs/');
  const mediaType = target.mediaType ?? '';
  return (
    mediaType === 'application/octet-stream' ||
    /\.(layer|config)\.v1|\.container\.image\.v1\+json|\.rootfs\./.test(mediaType)
  );
}

/** Canonical types of one native event; a string is why it is not forwarded. */
function typesOf(event: DistributionEvent): EventType[] | IgnoredReason {
  const { action, target } = event;
  if (action === 'mount') return 'mount';
  if (isBlob(target)) return 'blob';
  switch (action) {
    case 'push':
      return target.tag === undefined ? ['MANIFEST_PUSH'] : ['MANIFEST_PUSH', 'TAG_PUSH'];
    case 'pull':
      return target.tag === undefined ? ['MANIFEST_PULL'] : ['MANIFEST_PULL', 'TAG_PULL'];
    case 'delete':
      // A manifest delete names the digest; the tag deletes that follow it name the tag.
      if (target.digest !== undefined) return ['MANIFEST_DELETE'];
      return target.tag === undefined ? ['REPO_DELETED'] : ['TAG_DELETE'];
  }
}

const TAGGED: ReadonlySet<EventType> = new Set(['TAG_PUSH', 'TAG_PULL', 'TAG_DELETE']);

function draft(event: DistributionEvent, type: EventType, nativePath: string): Drafted {
  const { target, request } = event;
  const source = request?.host || 'distribution';
  const repository = canonicalRepository(target.repository);
  const tag = TAGGED.has(type) ? target.tag : undefined;
  const manifest = type !== 'REPO_DELETED';
  return {
    nativePath,
    event: {
      specversion: '1',
      id: derivedEventId('distribution', [event.id, type]),
      type,
      occurredAt: event.timestamp,
      source,
      actor: event.actor?.name ? { name: event.actor.name } : undefined,
      target: {
        namespace: namespaceOf(repository),
        repository,
        tag,
        digest: manifest ? target.digest : undefined,
        mediaType: manifest ? target.mediaType : undefined,
        size: manifest ? target.size : undefined,
        url: imageReference(source, repository, { tag, digest: manifest ? target.digest : undefined }),
      },
      request: request && {
        id: request.id,
        addr: request.addr,
        host: request.host,
        method: request.method,
        useragent: request.useragent,
      },
      data: withNative(
        type === 'REPO_DELETED'
          ? {}
          : { references: target.references?.map((reference) => reference.digest) },
        event,
      ),
    },
  };
}

/**
 * CNCF Distribution (and GitLab's registry built on it): `{"events": [...]}`, one or many events.
 * A manifest push is MANIFEST_PUSH, plus TAG_PUSH when pushed by tag; a pull likewise MANIFEST_PULL
 * and TAG_PULL; a delete is MANIFEST_DELETE (by digest), TAG_DELETE (a tag) or REPO_DELETED.
 * Blob uploads, pulls and mounts are acknowledged and not forwarded.
 */
export function adaptDistribution(body: JsonObject): AdaptResult {
  const issues = new IssueList();
  if (!fits(ENVELOPE, body, issues)) return { ok: false, errors: issues.result() };
  const drafts: Drafted[] = [];
  const ignored: IgnoredReason[] = [];
  (body.events as DistributionEvent[]).forEach((event, index) => {
    const types = typesOf(event);
    if (typeof types === 'string') ignored.push(types);
    else drafts.push(...types.map((type) => draft(event, type, `/events/${index}`)));
  });
  return finish(drafts, ignored, issues);
}

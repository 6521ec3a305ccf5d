import { Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { EventType } from '../event-types';
import { Digest, RequestInfo, Tag, Timestamp } from '../schemas/common';
import { chartVersionTag } from '../schemas/type-requirements';
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
  isTag,
  namespaceOf,
  REPOSITORY_NAME,
  withNative,
} from './canonical';
import { AdaptResult, IgnoredReason } from './notification';

const ACR_ACTIONS = ['push', 'delete', 'chart_push', 'chart_delete', 'ping', 'quarantine'] as const;

/** One ACR event, one per POST (Microsoft Learn: container-registry-webhook-reference). */
const AcrEvent = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 255 }),
  timestamp: Timestamp,
  action: Type.Union(ACR_ACTIONS.map((action) => Type.Literal(action))),
  target: Type.Optional(
    Type.Object({
      mediaType: Type.Optional(Type.String({ maxLength: 255 })),
      size: Type.Optional(Type.Integer({ minimum: 0 })),
      digest: Type.Optional(Digest),
      repository: Type.Optional(Type.String({ pattern: REPOSITORY_NAME, maxLength: 255 })),
      tag: Type.Optional(Type.String({ maxLength: 255 })),
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
      version: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    }),
  ),
  request: Type.Optional(Type.Object(RequestInfo.properties)),
});
type AcrEvent = Static<typeof AcrEvent>;
const ACR_EVENT = TypeCompiler.Compile(AcrEvent);
const TAG_CHECK = TypeCompiler.Compile(Tag);

const IGNORED: Partial<Record<AcrEvent['action'], IgnoredReason>> = {
  ping: 'ping',
  quarantine: 'quarantine',
};

/** The target fields an action needs, reported as missing at /target/<field>. */
const REQUIRED: Record<'push' | 'delete' | 'chart_push' | 'chart_delete', readonly string[]> = {
  push: ['repository', 'digest'],
  delete: ['repository', 'digest'],
  chart_push: ['repository', 'name', 'version'],
  chart_delete: ['repository', 'name', 'version'],
};

/**
 * Azure Container Registry: `push` is MANIFEST_PUSH, plus TAG_PUSH with a tag; `delete` is
 * MANIFEST_DELETE; `chart_push` and `chart_delete` are CHART_PUSH and CHART_DELETE. `ping` (sent
 * when a webhook is created or pinged) and `quarantine` are acknowledged, not forwarded.
 */
export function adaptAcr(body: JsonObject): AdaptResult {
  const issues = new IssueList();
  if (!fits(ACR_EVENT, body, issues)) return { ok: false, errors: issues.result() };
  const event = body as AcrEvent;
  const ignored = IGNORED[event.action];
  if (ignored !== undefined) return { ok: true, value: { events: [], ignored: [ignored] } };
  const action = event.action as keyof typeof REQUIRED;
  const target = event.target ?? {};
  for (const field of REQUIRED[action]) {
    if ((target as Record<string, unknown>)[field] === undefined)
      issues.add(`/target/${field}`, `is required for ${action} events`);
  }
  const chart = action === 'chart_push' || action === 'chart_delete';
  if (!chart && target.tag !== undefined && !TAG_CHECK.Check(target.tag))
    issues.addSchemaErrors(TAG_CHECK, target.tag, '/target/tag');
  if (!issues.empty) return { ok: false, errors: issues.result() };

  const source = event.request?.host || 'acr';
  const repository = canonicalRepository(target.repository!);
  const where = { namespace: namespaceOf(repository), repository };
  const request = event.request && {
    id: event.request.id,
    host: event.request.host,
    method: event.request.method,
    useragent: event.request.useragent,
  };
  const drafted = (type: EventType, tag: string | undefined, data: Record<string, unknown>): Drafted => ({
    nativePath: '',
    event: {
      specversion: '1',
      id: derivedEventId('acr', [event.id, type]),
      type,
      occurredAt: event.timestamp,
      source,
      target: {
        ...where,
        tag,
        digest: target.digest,
        mediaType: target.mediaType,
        size: target.size,
        url: imageReference(source, repository, { tag, digest: target.digest }),
      },
      request,
      data: withNative(data, event),
    },
  });

  if (chart) {
    const version = target.version!;
    const tag = chartVersionTag(version);
    if (!isTag(tag)) issues.add('/target/version', 'must be a chart version usable as a tag');
    const type = action === 'chart_push' ? 'CHART_PUSH' : 'CHART_DELETE';
    return finish([drafted(type, tag, { chart: { name: target.name, version } })], [], issues);
  }
  const [manifestType, tagType]: EventType[] =
    action === 'push' ? ['MANIFEST_PUSH', 'TAG_PUSH'] : ['MANIFEST_DELETE', 'TAG_DELETE'];
  const drafts = [drafted(manifestType, undefined, {})];
  if (target.tag !== undefined) drafts.push(drafted(tagType, target.tag, {}));
  return finish(drafts, [], issues);
}

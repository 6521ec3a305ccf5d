import { Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { EventType } from '../event-types';
import { Actor, Digest, Namespace, Target, Timestamp } from '../schemas/common';
import { QuotaData, ReplicationData, ScanData } from '../schemas/families';
import { chartVersionTag } from '../schemas/type-requirements';
import { isRfc3339DateTime } from '../validation/date-time';
import { IssueList, quote } from '../validation/issues';
import { isObject, JsonObject } from '../validation/json-object';
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
  stableJson,
  UnixSeconds,
  unixSecondsToIso,
  withNative,
} from './canonical';
import { parseQuotaDetails } from './harbor-quota';
import { AdaptResult, IgnoredReason } from './notification';

/** Harbor's event types (src/pkg/notifier/model), the chart ones from before 2.8. */
export const HARBOR_EVENT_TYPES = [
  'PUSH_ARTIFACT',
  'PULL_ARTIFACT',
  'DELETE_ARTIFACT',
  'SCANNING_COMPLETED',
  'SCANNING_FAILED',
  'SCANNING_STOPPED',
  'QUOTA_EXCEED',
  'QUOTA_WARNING',
  'REPLICATION',
  'TAG_RETENTION',
  'UPLOAD_CHART',
  'DOWNLOAD_CHART',
  'DELETE_CHART',
] as const;
type HarborType = (typeof HARBOR_EVENT_TYPES)[number];

/** Harbor's CloudEvents types (src/pkg/notifier/formats/cloudevents.go). */
export const HARBOR_CLOUD_EVENT_TYPES: Readonly<Record<string, HarborType>> = {
  'harbor.artifact.pushed': 'PUSH_ARTIFACT',
  'harbor.artifact.pulled': 'PULL_ARTIFACT',
  'harbor.artifact.deleted': 'DELETE_ARTIFACT',
  'harbor.quota.exceeded': 'QUOTA_EXCEED',
  'harbor.quota.warned': 'QUOTA_WARNING',
  'harbor.scan.completed': 'SCANNING_COMPLETED',
  'harbor.scan.failed': 'SCANNING_FAILED',
  'harbor.scan.stopped': 'SCANNING_STOPPED',
  'harbor.replication.status.changed': 'REPLICATION',
  'harbor.tag_retention.finished': 'TAG_RETENTION',
};

const Resource = Type.Object({
  digest: Type.Optional(Digest),
  tag: Type.Optional(Type.String({ maxLength: 255 })),
  resource_url: Type.Optional(Type.String({ maxLength: 2048 })),
  scan_overview: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  sbom_overview: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
type Resource = Static<typeof Resource>;

const Repository = Type.Object({
  date_created: Type.Optional(UnixSeconds),
  name: Type.Optional(Type.String({ maxLength: 255 })),
  namespace: Type.Optional(Type.String({ maxLength: 255 })),
  repo_full_name: Type.String({ pattern: REPOSITORY_NAME, maxLength: 255 }),
  repo_type: Type.Optional(Type.String({ maxLength: 16 })),
});
type Repository = Static<typeof Repository>;

const ReplicationResource = Type.Object({
  registry_name: Type.Optional(Type.String({ maxLength: 255 })),
  registry_type: Type.Optional(Type.String({ maxLength: 64 })),
  endpoint: Type.String({ maxLength: 2048 }),
  namespace: Type.Optional(Type.String({ maxLength: 255 })),
});
type ReplicationResource = Static<typeof ReplicationResource>;

const ArtifactInfo = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Type.String()),
  name_tag: Type.String({ minLength: 1, maxLength: 1024 }),
  references: Type.Optional(Type.Array(Type.String())),
  fail_reason: Type.Optional(Type.String()),
});
type ArtifactInfo = Static<typeof ArtifactInfo>;

const Replication = Type.Object({
  harbor_hostname: Type.Optional(Type.String({ maxLength: 255 })),
  job_status: Type.String(),
  description: Type.Optional(Type.String()),
  override_mode: Type.Optional(Type.Boolean()),
  trigger_type: Type.String(),
  policy_creator: Type.Optional(Type.String({ maxLength: 255 })),
  execution_timestamp: UnixSeconds,
  execution_id: Type.Optional(Type.Number()),
  src_resource: ReplicationResource,
  dest_resource: ReplicationResource,
  successful_artifact: Type.Optional(Type.Array(ArtifactInfo)),
  failed_artifact: Type.Optional(Type.Array(ArtifactInfo)),
});
type Replication = Static<typeof Replication>;

const EventData = Type.Object({
  resources: Type.Optional(Type.Array(Resource)),
  repository: Type.Optional(Repository),
  replication: Type.Optional(Replication),
  custom_attributes: Type.Optional(Type.Record(Type.String(), Type.String())),
});
type EventData = Static<typeof EventData>;

const Operator = Type.Optional(Type.String({ maxLength: 255 }));

/** Harbor's Default payload: `{type, occur_at, operator, event_data}`. */
const DEFAULT_PAYLOAD = TypeCompiler.Compile(
  Type.Object({
    type: Type.Union(HARBOR_EVENT_TYPES.map((type) => Type.Literal(type))),
    occur_at: UnixSeconds,
    operator: Operator,
    event_data: EventData,
  }),
);

/** Harbor's CloudEvents payload (structured mode): `data` is the Default payload's event_data. */
const CLOUD_EVENT = TypeCompiler.Compile(
  Type.Object({
    specversion: Type.Literal('1.0'),
    id: Type.String({ minLength: 1, maxLength: 255 }),
    type: Type.Union(Object.keys(HARBOR_CLOUD_EVENT_TYPES).map((type) => Type.Literal(type))),
    time: Timestamp,
    operator: Operator,
    data: EventData,
  }),
);

/** One Harbor notification, whichever payload format it came in. */
interface HarborEvent {
  type: HarborType;
  occurredAt: string;
  operator?: string;
  data: EventData;
  /** What identifies it: the CloudEvents id, or the whole Default payload (which has no id). */
  identity: string;
  /** JSON pointer of `data` in the body. */
  dataPath: string;
  native: JsonObject;
  source: string;
}

function harborEvent(body: JsonObject, issues: IssueList): HarborEvent | undefined {
  const cloud = 'specversion' in body;
  if (!(cloud ? fits(CLOUD_EVENT, body, issues) : fits(DEFAULT_PAYLOAD, body, issues))) return undefined;
  const data = (cloud ? body.data : body.event_data) as EventData;
  const host =
    data.resources?.map((resource) => hostOf(resource.resource_url)).find((h) => h !== undefined) ??
    (data.replication?.harbor_hostname || undefined);
  return {
    type: cloud ? HARBOR_CLOUD_EVENT_TYPES[body.type as string] : (body.type as HarborType),
    occurredAt: cloud ? (body.time as string) : unixSecondsToIso(body.occur_at as number),
    operator: (body.operator as string | undefined) || undefined,
    data,
    identity: cloud ? (body.id as string) : stableJson(body),
    dataPath: cloud ? '/data' : '/event_data',
    native: body,
    source: host ?? 'harbor',
  };
}

function actorOf(operator: string | undefined): Actor | undefined {
  if (operator === undefined) return undefined;
  return operator.startsWith('robot$') ? { name: operator, type: 'robot' } : { name: operator };
}

/** The repository an event is about, as canonical target fields. */
type Where = { namespace: string; repository: string };

/** Builds the drafts of one Harbor event, reporting what is missing for its type. */
class HarborMapper {
  readonly drafts: Drafted[] = [];

  constructor(
    private readonly event: HarborEvent,
    private readonly issues: IssueList,
  ) {}

  private add(
    type: EventType,
    index: number | undefined,
    target: Target,
    data: Record<string, unknown>,
  ): void {
    const { event } = this;
    this.drafts.push({
      nativePath: index === undefined ? event.dataPath : `${event.dataPath}/resources/${index}`,
      event: {
        specversion: '1',
        id: derivedEventId('harbor', [event.identity, type, index ?? '']),
        type,
        occurredAt: event.occurredAt,
        source: event.source,
        actor: actorOf(event.operator),
        target,
        data: withNative(data, event.native),
      },
    });
  }

  private required<K extends 'repository' | 'resources' | 'replication'>(key: K): EventData[K] {
    const value = this.event.data[key];
    const missing = value === undefined || (Array.isArray(value) && value.length === 0);
    if (missing)
      this.issues.add(`${this.event.dataPath}/${key}`, `is required for ${this.event.type} events`);
    return missing ? undefined : value;
  }

  /** A resource's tag: Harbor writes the digest there for an artifact pushed by digest. */
  private tagOf(resource: Resource, index: number): string | undefined {
    const tag = resource.tag;
    if (tag === undefined || tag === '' || tag === resource.digest || isDigest(tag)) return undefined;
    if (!isTag(tag)) {
      this.issues.add(`${this.event.dataPath}/resources/${index}/tag`, 'must be a tag or the digest');
      return undefined;
    }
    return tag;
  }

  private repositoryOf(repository: Repository): Where {
    const path = canonicalRepository(repository.repo_full_name);
    return { namespace: namespaceOf(path), repository: path };
  }

  private repositoryData(repository: Repository) {
    const visibility = repository.repo_type;
    return {
      repositoryVisibility: visibility === 'public' || visibility === 'private' ? visibility : undefined,
      repositoryCreatedAt:
        repository.date_created === undefined ? undefined : unixSecondsToIso(repository.date_created),
    };
  }

  /** `host/repository@digest` for manifest events; Harbor's own resource URL names the tag. */
  private urlOf(resource: Resource, repository: string, tag: string | undefined): string | undefined {
    if (tag !== undefined)
      return resource.resource_url ?? imageReference(this.event.source, repository, { tag });
    return resource.digest === undefined
      ? resource.resource_url
      : imageReference(this.event.source, repository, { digest: resource.digest });
  }

  /** Each resource of an event about artifacts of one repository, with that repository; nothing if either is missing. */
  private eachResource(
    visit: (resource: Resource, index: number, repository: Repository, where: Where) => void,
  ): void {
    const repository = this.required('repository');
    const resources = this.required('resources');
    if (repository === undefined || resources === undefined) return;
    const where = this.repositoryOf(repository);
    resources.forEach((resource, index) => visit(resource, index, repository, where));
  }

  artifact(manifestType: EventType, tagType: EventType): void {
    this.eachResource((resource, index, repository, where) => {
      const tag = this.tagOf(resource, index);
      if (resource.digest === undefined) {
        this.issues.add(
          `${this.event.dataPath}/resources/${index}/digest`,
          `is required for ${this.event.type} events`,
        );
      }
      for (const type of tag === undefined ? [manifestType] : [manifestType, tagType]) {
        const tagged = type === tagType ? tag : undefined;
        this.add(
          type,
          index,
          {
            ...where,
            tag: tagged,
            digest: resource.digest,
            url: this.urlOf(resource, where.repository, tagged),
          },
          this.repositoryData(repository),
        );
      }
    });
  }

  scan(status: ScanData['status']): void {
    this.eachResource((resource, index, _repository, where) => {
      const tag = this.tagOf(resource, index);
      const overview = firstObject(resource.scan_overview) ?? firstObject(resource.sbom_overview) ?? {};
      this.add(
        status === 'completed' ? 'SCAN_COMPLETED' : 'SCAN_FAILED',
        index,
        { ...where, tag, digest: resource.digest, url: this.urlOf(resource, where.repository, tag) },
        scanData(overview, status),
      );
    });
  }

  quota(type: 'QUOTA_EXCEEDED' | 'QUOTA_WARNING'): void {
    const repository = this.required('repository');
    if (repository === undefined) return;
    const where = this.repositoryOf(repository);
    const details = this.event.data.custom_attributes?.Details;
    const resource = this.event.data.resources?.[0];
    const tag = resource && this.tagOf(resource, 0);
    const data: QuotaData = {
      ...parseQuotaDetails(details ?? '', type),
      artifact:
        resource?.digest === undefined
          ? undefined
          : { repository: where.repository, tag, digest: resource.digest },
      message: details || undefined,
    };
    this.add(type, undefined, where, data);
  }

  replication(): void {
    const replication = this.required('replication');
    if (replication === undefined) return;
    const path = `${this.event.dataPath}/replication`;
    const trigger = TRIGGERS[replication.trigger_type.toUpperCase()];
    if (trigger === undefined) {
      this.issues.add(
        `${path}/trigger_type`,
        `${quote(replication.trigger_type)} is not MANUAL, SCHEDULE or EVENT`,
      );
    }
    const status = JOB_STATUSES[replication.job_status];
    if (status === undefined) {
      this.issues.add(
        `${path}/job_status`,
        `${quote(replication.job_status)} is not one of ${Object.keys(JOB_STATUSES).join(', ')}`,
      );
    }
    // Harbor names the remote registry; the local side, the project the event is about, has no name.
    const localKey = replication.src_resource.registry_name ? 'dest_resource' : 'src_resource';
    const namespace = replication[localKey].namespace;
    if (namespace === undefined || !NAMESPACE.test(namespace)) {
      this.issues.add(`${path}/${localKey}/namespace`, 'must be the Harbor project (a namespace name)');
    }
    if (
      trigger === undefined ||
      status === undefined ||
      namespace === undefined ||
      !NAMESPACE.test(namespace)
    )
      return;
    const artifacts = (list: ArtifactInfo[] | undefined, key: string) =>
      (list ?? []).flatMap((artifact, index) => {
        const parsed = replicatedArtifact(artifact, namespace);
        if (parsed === undefined) {
          this.issues.add(`${path}/${key}/${index}/name_tag`, 'must be <name>:<tag> or <name>:[<tag>,…]');
          return [];
        }
        return [parsed];
      });
    const finished = status !== 'in_progress';
    const data: ReplicationData = {
      policy: {
        name: replication.description || 'replication',
        description: replication.description || undefined,
        creator: replication.policy_creator || undefined,
      },
      executionId: replication.execution_id === undefined ? undefined : String(replication.execution_id),
      trigger,
      status,
      startedAt: unixSecondsToIso(replication.execution_timestamp),
      finishedAt: finished ? this.event.occurredAt : undefined,
      overrideMode: replication.override_mode,
      source: endpointOf(replication.src_resource),
      destination: endpointOf(replication.dest_resource),
      succeeded: artifacts(replication.successful_artifact, 'successful_artifact'),
      failed: artifacts(replication.failed_artifact, 'failed_artifact'),
    };
    this.add('REPLICATION_COMPLETED', undefined, { namespace }, data);
  }

  chart(type: EventType): void {
    this.eachResource((resource, index, repository, where) => {
      const name = repository.name || where.repository.slice(where.repository.lastIndexOf('/') + 1);
      const version = resource.tag;
      const tag = version === undefined ? undefined : chartVersionTag(version);
      if (version === undefined || tag === undefined || !isTag(tag)) {
        this.issues.add(`${this.event.dataPath}/resources/${index}/tag`, 'must be the chart version');
        return;
      }
      this.add(
        type,
        index,
        { ...where, tag, digest: resource.digest, url: resource.resource_url },
        {
          chart: { name, version },
          repositoryVisibility: this.repositoryData(repository).repositoryVisibility,
        },
      );
    });
  }
}

const NAMESPACE = new RegExp(Namespace.pattern!);

const TRIGGERS: Readonly<Record<string, ReplicationData['trigger']>> = {
  MANUAL: 'manual',
  SCHEDULE: 'scheduled',
  SCHEDULED: 'scheduled',
  EVENT: 'event_based',
  EVENT_BASED: 'event_based',
};

/** Harbor's job statuses (src/jobservice/job/status.go). */
const JOB_STATUSES: Readonly<Record<string, ReplicationData['status']>> = {
  Success: 'succeeded',
  Error: 'failed',
  Stopped: 'stopped',
  Running: 'in_progress',
  Pending: 'in_progress',
  Scheduled: 'in_progress',
};

function endpointOf(side: ReplicationResource): ReplicationData['source'] {
  return {
    name: side.registry_name || hostOf(side.endpoint) || side.registry_type || 'registry',
    type: side.registry_type || undefined,
    endpoint: side.endpoint,
    namespace: side.namespace !== undefined && NAMESPACE.test(side.namespace) ? side.namespace : undefined,
  };
}

/** `fluentd:1.13`, `bitnami/fluentd:[1.13,latest]` or `busybox@sha256:…` below `namespace`. */
function replicatedArtifact(
  artifact: ArtifactInfo,
  namespace: string,
): ReplicationData['succeeded'][number] | undefined {
  const match = /^([^:@[\]]+)(?::\[([^\]]*)\]|:([^:@]+)|@(.+))?$/.exec(artifact.name_tag);
  if (!match) return undefined;
  const [, name, tagList, tag, digestRef] = match;
  const tags = tagList !== undefined ? tagList.split(',').filter(Boolean) : tag !== undefined ? [tag] : [];
  const repository = `${namespace}/${name}`;
  const digest = digestRef ?? artifact.references?.find(isDigest);
  if (!new RegExp(REPOSITORY_NAME).test(repository) || !tags.every(isTag) || (digest && !isDigest(digest)))
    return undefined;
  return {
    type: artifact.type || undefined,
    repository,
    tags,
    digest,
    error: artifact.fail_reason || undefined,
  };
}

function firstObject(record: Record<string, unknown> | undefined): JsonObject | undefined {
  return Object.values(record ?? {}).find(isObject);
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const count = (value: unknown): number =>
  Number.isInteger(value) && (value as number) >= 0 ? (value as number) : 0;
/** Harbor writes Go's zero time for a scan that never started. */
const time = (value: unknown): string | undefined =>
  typeof value === 'string' && isRfc3339DateTime(value) && !value.startsWith('0001-') ? value : undefined;

const SEVERITIES = new Set(['None', 'Unknown', 'Negligible', 'Low', 'Medium', 'High', 'Critical']);

/** Harbor's scan_overview entry → our scan data; what Harbor does not say is left out. */
function scanData(overview: JsonObject, status: ScanData['status']): ScanData {
  const scanner = isObject(overview.scanner) ? overview.scanner : {};
  const summary = isObject(overview.summary) ? overview.summary : undefined;
  const bySeverity = summary && isObject(summary.summary) ? summary.summary : {};
  const severity = text(overview.severity);
  return {
    reportId: text(overview.report_id),
    scanner: {
      name: text(scanner.name) ?? 'unknown',
      vendor: text(scanner.vendor),
      version: text(scanner.version),
    },
    status,
    startedAt: time(overview.start_time),
    finishedAt: time(overview.end_time),
    severity:
      severity !== undefined && SEVERITIES.has(severity) ? (severity as ScanData['severity']) : undefined,
    summary: summary && {
      total: count(summary.total),
      fixable: count(summary.fixable),
      critical: count(bySeverity.Critical),
      high: count(bySeverity.High),
      medium: count(bySeverity.Medium),
      low: count(bySeverity.Low),
      negligible: count(bySeverity.Negligible),
      unknown: count(bySeverity.Unknown),
    },
    error:
      status === 'completed'
        ? undefined
        : status === 'stopped'
          ? 'the scan was stopped'
          : `Harbor reported scan status ${text(overview.scan_status) ?? 'Error'}`,
  };
}

/** What each Harbor type becomes; tag retention has no canonical type and is acknowledged only. */
const MAPPINGS: Readonly<Record<HarborType, IgnoredReason | ((mapper: HarborMapper) => void)>> = {
  PUSH_ARTIFACT: (m) => m.artifact('MANIFEST_PUSH', 'TAG_PUSH'),
  PULL_ARTIFACT: (m) => m.artifact('MANIFEST_PULL', 'TAG_PULL'),
  DELETE_ARTIFACT: (m) => m.artifact('MANIFEST_DELETE', 'TAG_DELETE'),
  SCANNING_COMPLETED: (m) => m.scan('completed'),
  SCANNING_FAILED: (m) => m.scan('failed'),
  SCANNING_STOPPED: (m) => m.scan('stopped'),
  QUOTA_EXCEED: (m) => m.quota('QUOTA_EXCEEDED'),
  QUOTA_WARNING: (m) => m.quota('QUOTA_WARNING'),
  REPLICATION: (m) => m.replication(),
  TAG_RETENTION: 'tag_retention',
  UPLOAD_CHART: (m) => m.chart('CHART_PUSH'),
  DOWNLOAD_CHART: (m) => m.chart('CHART_PULL'),
  DELETE_CHART: (m) => m.chart('CHART_DELETE'),
};

/**
 * Harbor, Default and CloudEvents payloads: every artifact, scan, quota, replication and chart
 * event. An artifact pushed, pulled or deleted with a tag gives the MANIFEST_ and the TAG_ event;
 * tag retention runs have no canonical type and are acknowledged, not forwarded.
 */
export function adaptHarbor(body: JsonObject): AdaptResult {
  const issues = new IssueList();
  const event = harborEvent(body, issues);
  if (event === undefined) return { ok: false, errors: issues.result() };
  const mapping = MAPPINGS[event.type];
  if (typeof mapping === 'string') return { ok: true, value: { events: [], ignored: [mapping] } };
  const mapper = new HarborMapper(event, issues);
  mapping(mapper);
  return finish(mapper.drafts, [], issues);
}

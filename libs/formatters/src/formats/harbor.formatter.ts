import type { CanonicalEvent, ReplicationData, ScanData, Target } from '@app/events';
import {
  jsonPayload,
  SERVICE_NAME,
  type FormattedPayload,
  type PayloadFormatter,
  type Ping,
} from '../formatter';
import {
  byFamily,
  formatPercent,
  formatQuantity,
  imageReference,
  isFamily,
  repositoryName,
  unixSeconds,
  type EventsByFamily,
  type FamilyHandlers,
} from '../event-view';
import { PING_NAMES, typeNameIn } from '../type-names';

/** Harbor's payload (src/pkg/notifier/model/event.go); absent fields are omitted as Go's omitempty does. */
interface HarborPayload {
  type: string;
  occur_at: number;
  operator: string;
  event_data: HarborEventData;
}

interface HarborEventData {
  resources?: HarborResource[];
  repository?: HarborRepository;
  replication?: HarborReplication;
  scan?: { scan_type: string };
  custom_attributes?: Record<string, string>;
}

interface HarborResource {
  digest?: string;
  tag: string;
  resource_url?: string;
  scan_overview?: Record<string, HarborScanOverview>;
}

interface HarborRepository {
  date_created?: number;
  name: string;
  namespace: string;
  repo_full_name: string;
  repo_type: 'public' | 'private';
}

interface HarborScanOverview {
  report_id: string;
  scan_status: string;
  severity: string;
  duration: number;
  summary?: { total: number; fixable: number; summary: Record<string, number> };
  start_time?: string;
  end_time?: string;
  scanner: { name: string; vendor: string; version: string };
  complete_percent: number;
}

interface HarborReplication {
  harbor_hostname: string;
  job_status: string;
  description?: string;
  artifact_type?: string;
  override_mode?: true;
  trigger_type: string;
  policy_creator?: string;
  execution_timestamp: number;
  src_resource: HarborReplicationResource;
  dest_resource: HarborReplicationResource;
  successful_artifact?: HarborArtifactInfo[];
  failed_artifact?: HarborArtifactInfo[];
}

interface HarborReplicationResource {
  registry_name: string;
  registry_type: string;
  endpoint: string;
  namespace?: string;
}

interface HarborArtifactInfo {
  type: string;
  status: string;
  name_tag: string;
  references: string[];
}

/** Harbor keys scan_overview by the report's media type. */
export const HARBOR_REPORT_MIME_TYPE = 'application/vnd.security.vulnerability.report; version=1.1';
/** A repository whose visibility the event does not give is reported private (Harbor's default for new projects). */
const DEFAULT_REPO_TYPE = 'private';

const SCAN_STATUS: Readonly<Record<ScanData['status'], string>> = {
  completed: 'Success',
  failed: 'Error',
  stopped: 'Stopped',
};
const JOB_STATUS: Readonly<Record<ReplicationData['status'], string>> = {
  succeeded: 'Success',
  failed: 'Error',
  partial: 'Error',
  stopped: 'Stopped',
  in_progress: 'Running',
};
const TRIGGER: Readonly<Record<ReplicationData['trigger'], string>> = {
  manual: 'MANUAL',
  scheduled: 'SCHEDULE',
  event_based: 'EVENT',
};

/**
 * `harbor`: Harbor's default webhook payload, `{type, occur_at, operator, event_data}`, with
 * Harbor's type names. Types Harbor lacks keep our name and the same envelope; what Harbor has no
 * field for goes into `custom_attributes` (string values, as in Harbor).
 */
export class HarborFormatter implements PayloadFormatter {
  format(event: CanonicalEvent): FormattedPayload {
    const payload: HarborPayload = {
      type: typeNameIn('harbor', event.type),
      occur_at: unixSeconds(event.occurredAt),
      // Harbor's replication events name the trigger as the operator.
      operator: isFamily(event, 'replication') ? TRIGGER[event.data.trigger] : (event.actor?.name ?? ''),
      event_data: byFamily(event, EVENT_DATA),
    };
    return jsonPayload(payload);
  }

  ping(ping: Ping): FormattedPayload {
    const payload: HarborPayload = {
      type: PING_NAMES.harbor,
      occur_at: unixSeconds(ping.occurredAt),
      operator: SERVICE_NAME,
      event_data: {
        custom_attributes: {
          subscription_id: ping.subscription.id,
          subscription_name: ping.subscription.name,
        },
      },
    };
    return jsonPayload(payload);
  }
}

const EVENT_DATA: FamilyHandlers<HarborEventData> = {
  artifact: (event) => {
    const promotion = event.data.promotion;
    return {
      resources: [resource(event)],
      repository: repository(event.target, event.data.repositoryVisibility, event.data.repositoryCreatedAt),
      custom_attributes:
        promotion &&
        stringValues({
          promotion_policy: promotion.policy,
          source_repository: promotion.sourceRepository,
          source_tag: promotion.sourceTag,
        }),
    };
  },
  chart: (event) => ({
    resources: [resource(event)],
    repository: repository(event.target, event.data.repositoryVisibility),
  }),
  scan: (event) => ({
    resources: [{ ...resource(event), scan_overview: { [HARBOR_REPORT_MIME_TYPE]: scanOverview(event) } }],
    repository: repository(event.target),
    scan: { scan_type: 'vulnerability' },
    custom_attributes: event.data.error === undefined ? undefined : { error: event.data.error },
  }),
  replication: (event) => ({
    repository: event.target.repository === undefined ? undefined : repository(event.target),
    replication: replication(event),
  }),
  quota: (event) => {
    const artifact = event.data.artifact;
    const repoPath = artifact?.repository ?? event.target.repository;
    return {
      resources: artifact && [{ digest: artifact.digest, tag: artifact.tag ?? artifact.digest }],
      repository:
        repoPath === undefined
          ? undefined
          : repository({ namespace: event.target.namespace, repository: repoPath }),
      custom_attributes: { Details: event.data.message ?? quotaDetails(event) },
    };
  },
  repository: (event) => ({
    repository: repository(event.target, event.data.visibility),
    custom_attributes: stringValues({
      description: event.data.description,
      changed: event.data.changed?.join(','),
      scan_on_push: event.data.scanOnPush,
      immutable_tags: event.data.immutableTags,
    }),
  }),
  system: (event) => ({
    custom_attributes: stringValues({
      scanner_version: event.data.scannerVersion,
      scanner_updated_at: event.data.scannerUpdatedAt,
      db_version: event.data.dbVersion,
      db_updated_at: event.data.dbUpdatedAt,
      success: event.data.success,
    }),
  }),
};

/** `tag` is the tag, or the digest when there is none; `resource_url` is the registry's URL or `host/repo:tag`. */
function resource(event: EventsByFamily['artifact' | 'chart' | 'scan']): HarborResource {
  return {
    digest: event.target.digest,
    tag: event.target.tag ?? event.target.digest ?? '',
    resource_url: event.target.url ?? imageReference(event, 'tag'),
  };
}

function repository(
  target: Pick<Target, 'namespace' | 'repository'>,
  visibility?: 'public' | 'private',
  createdAt?: string,
): HarborRepository {
  return {
    date_created: createdAt === undefined ? undefined : unixSeconds(createdAt),
    name: repositoryName(target),
    namespace: target.namespace,
    repo_full_name: target.repository ?? target.namespace,
    repo_type: visibility ?? DEFAULT_REPO_TYPE,
  };
}

const SEVERITY_COUNTS = [
  ['Critical', 'critical'],
  ['High', 'high'],
  ['Medium', 'medium'],
  ['Low', 'low'],
  ['Negligible', 'negligible'],
  ['Unknown', 'unknown'],
] as const;

/** Harbor's scan_overview entry; `report_id` is the event id when the scanner gave none. */
function scanOverview(event: EventsByFamily['scan']): HarborScanOverview {
  const data = event.data;
  const summary = data.summary;
  const started = data.startedAt === undefined ? undefined : Date.parse(data.startedAt);
  const finished = data.finishedAt === undefined ? undefined : Date.parse(data.finishedAt);
  return {
    report_id: data.reportId ?? event.id,
    scan_status: SCAN_STATUS[data.status],
    severity: data.severity ?? 'Unknown',
    duration:
      started === undefined || finished === undefined
        ? 0
        : Math.max(0, Math.round((finished - started) / 1000)),
    summary: summary && { total: summary.total, fixable: summary.fixable, summary: severityCounts(summary) },
    start_time: data.startedAt,
    end_time: data.finishedAt,
    scanner: {
      name: data.scanner.name,
      vendor: data.scanner.vendor ?? '',
      version: data.scanner.version ?? '',
    },
    complete_percent: data.status === 'completed' ? 100 : 0,
  };
}

/** Counts by Harbor's severity names, the severities found only. */
function severityCounts(summary: NonNullable<ScanData['summary']>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, key] of SEVERITY_COUNTS) {
    const count = summary[key] ?? 0;
    if (count > 0) counts[name] = count;
  }
  return counts;
}

function replication(event: EventsByFamily['replication']): HarborReplication {
  const data = event.data;
  const artifacts = (list: ReplicationData['succeeded'], status: string): HarborArtifactInfo[] | undefined =>
    list.length === 0
      ? undefined
      : list.map((artifact) => ({
          type: artifact.type ?? 'image',
          status,
          name_tag: nameTag(artifact.repository, artifact.tags),
          references:
            artifact.tags.length > 0 ? artifact.tags : artifact.digest === undefined ? [] : [artifact.digest],
        }));
  const endpoint = (side: ReplicationData['source']): HarborReplicationResource => ({
    registry_name: side.name,
    registry_type: side.type ?? '',
    endpoint: side.endpoint,
    namespace: side.namespace ?? side.repository?.split('/')[0],
  });
  return {
    harbor_hostname: event.source.split(':')[0],
    job_status: JOB_STATUS[data.status],
    description: data.policy.description,
    artifact_type: data.succeeded[0]?.type ?? data.failed[0]?.type,
    override_mode: data.overrideMode === true ? true : undefined,
    trigger_type: TRIGGER[data.trigger],
    policy_creator: data.policy.creator,
    execution_timestamp: unixSeconds(data.startedAt),
    src_resource: endpoint(data.source),
    dest_resource: endpoint(data.destination),
    successful_artifact: artifacts(data.succeeded, 'Success'),
    failed_artifact: artifacts(data.failed, 'Error'),
  };
}

/** Harbor's `name_tag`: the repository below its namespace, then `:tag` or `:[t1,t2]`. */
function nameTag(repositoryPath: string, tags: string[]): string {
  const name = repositoryPath.slice(repositoryPath.indexOf('/') + 1);
  if (tags.length === 0) return name;
  return `${name}:${tags.length === 1 ? tags[0] : `[${tags.join(',')}]`}`;
}

function quotaDetails(event: EventsByFamily['quota']): string {
  const { resource, used, hard, percentage } = event.data;
  return `quota usage reach ${formatPercent(percentage)}: resource ${resource} used ${formatQuantity(resource, used[resource])} of ${formatQuantity(resource, hard[resource])}`;
}

function stringValues(values: Record<string, string | boolean | undefined>): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const key in values) {
    const value = values[key];
    if (value !== undefined) strings[key] = String(value);
  }
  return strings;
}

import type { CanonicalEvent, ScanData } from '@app/events';
import { jsonPayload, type FormattedPayload, type PayloadFormatter, type Ping } from '../formatter';
import {
  byFamily,
  imageReference,
  operationOf,
  repositoryName,
  type EventsByFamily,
  type FamilyHandlers,
} from '../event-view';
import { PING_NAMES, typeNameIn } from '../type-names';

/** DTR / MSR's envelope. `location` is DTR's UI path of the repository (and tag) the event is about. */
interface DtrPayload {
  type: string;
  createdAt: string;
  contents: Record<string, unknown>;
  location?: string;
}

type ImageEvent = EventsByFamily['artifact' | 'chart' | 'replication'];

/**
 * DTR publishes `last_scan_status` as a 0–6 code without the table; this format sends 6 for a
 * completed scan and 0 for a failed or stopped one.
 */
const LAST_SCAN_STATUS: Readonly<Record<ScanData['status'], number>> = {
  completed: 6,
  failed: 0,
  stopped: 0,
};

const TIME_KEYS = { push: 'pushedAt', pull: 'pulledAt', delete: 'deletedAt' } as const;

/**
 * `dtr`: Docker Trusted Registry / Mirantis Secure Registry's `{type, createdAt, contents}` with
 * DTR's per-type contents. Types DTR lacks (replication completed, quota) keep our name, and
 * their contents are the namespace, the repository and our `data` fields.
 */
export class DtrFormatter implements PayloadFormatter {
  format(event: CanonicalEvent): FormattedPayload {
    const payload: DtrPayload = {
      type: typeNameIn('dtr', event.type),
      createdAt: event.occurredAt,
      contents: byFamily(event, CONTENTS),
      location: locationOf(event),
    };
    return jsonPayload(payload);
  }

  ping(ping: Ping): FormattedPayload {
    const payload: DtrPayload = {
      type: PING_NAMES.dtr,
      createdAt: ping.occurredAt,
      contents: { subscriptionId: ping.subscription.id, subscriptionName: ping.subscription.name },
    };
    return jsonPayload(payload);
  }
}

const CONTENTS: FamilyHandlers<Record<string, unknown>> = {
  artifact: (event) => {
    const promotion = event.data.promotion;
    return imageContents(
      event,
      event.data,
      promotion && {
        promotionPolicyID: promotion.policy,
        sourceRepository: promotion.sourceRepository,
        sourceTag: promotion.sourceTag,
        targetRepository: event.target.repository,
        targetTag: event.target.tag,
      },
    );
  },
  chart: (event) =>
    imageContents(event, {}, { chartName: event.data.chart.name, chartVersion: event.data.chart.version }),
  scan: (event) => {
    const common = {
      namespace: event.target.namespace,
      repository: repositoryName(event.target),
      tag: event.target.tag ?? '',
      imageName: imageReference(event, 'tag'),
    };
    if (event.type === 'SCAN_FAILED') return { ...common, error: event.data.error ?? '' };
    const summary = event.data.summary;
    return {
      ...common,
      scanSummary: {
        namespace: common.namespace,
        repository: common.repository,
        // DTR's scan API spells the repository `reponame`; both are sent.
        reponame: common.repository,
        tag: common.tag,
        critical: summary?.critical ?? 0,
        major: summary?.high ?? 0,
        minor: (summary?.medium ?? 0) + (summary?.low ?? 0),
        last_scan_status: LAST_SCAN_STATUS[event.data.status],
        check_completed_at: event.data.finishedAt ?? event.occurredAt,
      },
    };
  },
  replication: (event) => {
    if (event.type === 'REPLICATION_COMPLETED') return ourContents(event);
    const { source, destination, policy, finishedAt } = event.data;
    return imageContents(
      event,
      { author: policy.creator, at: finishedAt },
      {
        sourceRegistry: source.endpoint,
        sourceRepository: source.repository ?? event.target.repository,
        targetRegistry: destination.endpoint,
        targetRepository: destination.repository ?? event.target.repository,
      },
    );
  },
  quota: (event) => ourContents(event),
  repository: (event) => ({
    namespace: event.target.namespace,
    repository: repositoryName(event.target),
    event: event.type.slice('REPO_'.length).toLowerCase(),
    author: event.actor?.name ?? '',
    data: event.data,
  }),
  system: (event) => {
    const data = event.data;
    return {
      scanner_version: data.scannerVersion,
      scanner_updated_at: data.scannerUpdatedAt,
      db_version: data.dbVersion,
      db_updated_at: data.dbUpdatedAt,
      success: data.success,
      replicas: Object.fromEntries(
        Object.entries(data.replicas ?? {}).map(([id, replica]) => [
          id,
          { db_updated_at: replica.dbUpdatedAt, version: replica.version, replica_id: replica.replicaId },
        ]),
      ),
    };
  },
};

interface ImageDetails {
  os?: string;
  architecture?: string;
  /** Defaults to the actor. */
  author?: string;
  /** Defaults to occurredAt. */
  at?: string;
}

/**
 * DTR's TAG_PUSH contents, `pushedAt`, `pulledAt` or `deletedAt` by the operation, then `extra`.
 * Manifest events drop `tag` and name the image by digest.
 */
function imageContents(
  event: ImageEvent,
  details: ImageDetails,
  extra?: Record<string, unknown>,
): Record<string, unknown> {
  const byDigest = event.type.startsWith('MANIFEST_');
  const contents: Record<string, unknown> = {
    namespace: event.target.namespace,
    repository: repositoryName(event.target),
    tag: byDigest ? undefined : (event.target.tag ?? ''),
    digest: event.target.digest ?? '',
    imageName: imageReference(event, byDigest ? 'digest' : 'tag'),
    os: details.os ?? '',
    architecture: details.architecture ?? '',
    author: details.author ?? event.actor?.name ?? '',
  };
  contents[TIME_KEYS[operationOf(event.type) ?? 'push']] = details.at ?? event.occurredAt;
  return extra === undefined ? contents : Object.assign(contents, extra);
}

function ourContents(event: EventsByFamily['replication' | 'quota']): Record<string, unknown> {
  return {
    namespace: event.target.namespace,
    repository: event.target.repository === undefined ? undefined : repositoryName(event.target),
    ...event.data,
  };
}

function locationOf(event: CanonicalEvent): string | undefined {
  const target = event.target;
  if (target?.repository === undefined || target.namespace === undefined) return undefined;
  const base = `/repositories/${target.namespace}/${repositoryName(target)}`;
  return target.tag === undefined ? base : `${base}/tags/${target.tag}`;
}

import type { EventType, Format } from '@app/events';

/** Formats with names of their own for event types (`default` uses ours). */
export const NAMING_FORMATS = ['cloudevents', 'harbor', 'dtr', 'acr', 'distribution'] as const;
export type NamingFormat = (typeof NAMING_FORMATS)[number];

/**
 * The name each format gives an event type; null when the system the format imitates has no
 * such event, in which case the event is still delivered in that format's shape under our type
 * name. The single source of truth for the formatters and for the table in the README.
 */
export type TypeNames = Readonly<
  { cloudevents: string } & Record<Exclude<NamingFormat, 'cloudevents'>, string | null>
>;

const names = (
  cloudevents: string,
  harbor: string | null,
  dtr: string | null,
  acr: string | null,
  distribution: string | null,
): TypeNames => ({ cloudevents, harbor, dtr, acr, distribution });

export const TYPE_NAMES: Readonly<Record<EventType, TypeNames>> = {
  TAG_PUSH: names('io.registry.artifact.tag.pushed', 'PUSH_ARTIFACT', 'TAG_PUSH', 'push', 'push'),
  TAG_PULL: names('io.registry.artifact.tag.pulled', 'PULL_ARTIFACT', 'TAG_PULL', null, 'pull'),
  TAG_DELETE: names('io.registry.artifact.tag.deleted', null, 'TAG_DELETE', null, 'delete'),
  MANIFEST_PUSH: names('io.registry.artifact.pushed', 'PUSH_ARTIFACT', 'MANIFEST_PUSH', 'push', 'push'),
  MANIFEST_PULL: names('io.registry.artifact.pulled', 'PULL_ARTIFACT', 'MANIFEST_PULL', null, 'pull'),
  MANIFEST_DELETE: names(
    'io.registry.artifact.deleted',
    'DELETE_ARTIFACT',
    'MANIFEST_DELETE',
    'delete',
    'delete',
  ),
  PROMOTION: names('io.registry.artifact.promoted', null, 'PROMOTION', null, null),
  CHART_PUSH: names('io.registry.chart.pushed', 'UPLOAD_CHART', 'CHART_PUSH', 'chart_push', 'push'),
  CHART_PULL: names('io.registry.chart.pulled', 'DOWNLOAD_CHART', 'CHART_PULL', null, 'pull'),
  CHART_DELETE: names('io.registry.chart.deleted', 'DELETE_CHART', 'CHART_DELETE', 'chart_delete', 'delete'),
  SCAN_COMPLETED: names('io.registry.scan.completed', 'SCANNING_COMPLETED', 'SCAN_COMPLETED', null, null),
  SCAN_FAILED: names('io.registry.scan.failed', 'SCANNING_FAILED', 'SCAN_FAILED', null, null),
  PUSH_MIRRORING: names('io.registry.replication.mirror.pushed', null, 'PUSH_MIRRORING', null, null),
  POLL_MIRRORING: names('io.registry.replication.mirror.polled', null, 'POLL_MIRRORING', null, null),
  REPLICATION_COMPLETED: names('io.registry.replication.completed', 'REPLICATION', null, null, null),
  QUOTA_EXCEEDED: names('io.registry.quota.exceeded', 'QUOTA_EXCEED', null, null, null),
  QUOTA_WARNING: names('io.registry.quota.warned', 'QUOTA_WARNING', null, null, null),
  REPO_CREATED: names('io.registry.repository.created', null, 'REPO_CREATED', null, null),
  REPO_UPDATED: names('io.registry.repository.updated', null, 'REPO_UPDATED', null, null),
  REPO_DELETED: names('io.registry.repository.deleted', null, 'REPO_DELETED', null, null),
  SCANNER_UPDATE_COMPLETED: names(
    'io.registry.system.scanner.updated',
    null,
    'SCANNER_UPDATE_COMPLETED',
    null,
    null,
  ),
};

/** The type name of a ping in each HTTP format (ACR's own `ping` action; ours elsewhere). */
export const PING_NAMES: Readonly<Record<Format, string>> = {
  default: 'PING',
  cloudevents: 'io.registry.ping',
  harbor: 'PING',
  dtr: 'PING',
  acr: 'ping',
  distribution: 'ping',
};

/** The name `format` gives `type`, or our own name when the format has none. */
export function typeNameIn(format: NamingFormat, type: EventType): string {
  return TYPE_NAMES[type][format] ?? type;
}

/** True when `format` has a name of its own for `type`. */
export function hasNativeName(format: NamingFormat, type: EventType): boolean {
  return TYPE_NAMES[type][format] !== null;
}

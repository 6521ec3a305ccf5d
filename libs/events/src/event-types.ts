import { EventFamily } from './topics';

/** Canonical type names (the DTR table is the base). */
export const EVENT_TYPES = [
  'TAG_PUSH',
  'TAG_PULL',
  'TAG_DELETE',
  'MANIFEST_PUSH',
  'MANIFEST_PULL',
  'MANIFEST_DELETE',
  'PROMOTION',
  'CHART_PUSH',
  'CHART_PULL',
  'CHART_DELETE',
  'SCAN_COMPLETED',
  'SCAN_FAILED',
  'PUSH_MIRRORING',
  'POLL_MIRRORING',
  'REPLICATION_COMPLETED',
  'QUOTA_EXCEEDED',
  'QUOTA_WARNING',
  'REPO_CREATED',
  'REPO_UPDATED',
  'REPO_DELETED',
  'SCANNER_UPDATE_COMPLETED',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The narrowest thing an event is about; also the narrowest scope a subscription to it may have. */
export type EventScope = 'repository' | 'namespace' | 'global';
/** Who may subscribe (DTR's levels): repository admin < namespace owner < admin. */
export type AccessLevel = 'repository-admin' | 'namespace-owner' | 'admin';
export type Availability = 'ui-and-api' | 'api-only';

export interface EventTypeInfo {
  type: EventType;
  family: EventFamily;
  scope: EventScope;
  access: AccessLevel;
  availability: Availability;
  /** Names other registries use for this type (Harbor, ACR), accepted wherever a type is. */
  aliases: readonly string[];
}

const repo = (type: EventType, family: EventFamily, aliases: string[] = []): EventTypeInfo => ({
  type,
  family,
  scope: 'repository',
  access: 'repository-admin',
  availability: 'ui-and-api',
  aliases,
});
const ns = (
  type: EventType,
  family: EventFamily,
  availability: Availability,
  aliases: string[] = [],
): EventTypeInfo => ({
  type,
  family,
  scope: 'namespace',
  access: 'namespace-owner',
  availability,
  aliases,
});

export const EVENT_TYPE_INFO: Readonly<Record<EventType, EventTypeInfo>> = {
  TAG_PUSH: repo('TAG_PUSH', 'artifact', ['push']),
  TAG_PULL: repo('TAG_PULL', 'artifact'),
  TAG_DELETE: repo('TAG_DELETE', 'artifact'),
  MANIFEST_PUSH: repo('MANIFEST_PUSH', 'artifact', ['PUSH_ARTIFACT']),
  MANIFEST_PULL: repo('MANIFEST_PULL', 'artifact', ['PULL_ARTIFACT']),
  MANIFEST_DELETE: repo('MANIFEST_DELETE', 'artifact', ['DELETE_ARTIFACT', 'delete']),
  PROMOTION: repo('PROMOTION', 'artifact'),
  CHART_PUSH: repo('CHART_PUSH', 'chart', ['UPLOAD_CHART', 'chart_push']),
  CHART_PULL: repo('CHART_PULL', 'chart', ['DOWNLOAD_CHART']),
  CHART_DELETE: repo('CHART_DELETE', 'chart', ['DELETE_CHART', 'chart_delete']),
  SCAN_COMPLETED: repo('SCAN_COMPLETED', 'scan', ['SCANNING_COMPLETED']),
  SCAN_FAILED: repo('SCAN_FAILED', 'scan', ['SCANNING_FAILED']),
  PUSH_MIRRORING: repo('PUSH_MIRRORING', 'replication'),
  POLL_MIRRORING: repo('POLL_MIRRORING', 'replication'),
  REPLICATION_COMPLETED: ns('REPLICATION_COMPLETED', 'replication', 'ui-and-api', ['REPLICATION']),
  QUOTA_EXCEEDED: ns('QUOTA_EXCEEDED', 'quota', 'ui-and-api', ['QUOTA_EXCEED']),
  QUOTA_WARNING: ns('QUOTA_WARNING', 'quota', 'ui-and-api'),
  REPO_CREATED: ns('REPO_CREATED', 'repository', 'api-only'),
  REPO_UPDATED: ns('REPO_UPDATED', 'repository', 'api-only'),
  REPO_DELETED: ns('REPO_DELETED', 'repository', 'api-only'),
  SCANNER_UPDATE_COMPLETED: {
    type: 'SCANNER_UPDATE_COMPLETED',
    family: 'system',
    scope: 'global',
    access: 'admin',
    availability: 'api-only',
    aliases: [],
  },
};

const BY_NAME = new Map<string, EventType>();
for (const info of Object.values(EVENT_TYPE_INFO)) {
  BY_NAME.set(info.type, info.type);
  for (const alias of info.aliases) BY_NAME.set(alias, info.type);
}

/** Canonical type for a catalogue name or alias; undefined when unknown. */
export function resolveEventType(nameOrAlias: string): EventType | undefined {
  return BY_NAME.get(nameOrAlias);
}

export function isEventType(name: string): name is EventType {
  return (EVENT_TYPES as readonly string[]).includes(name);
}

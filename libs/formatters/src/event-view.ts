import {
  EVENT_TYPE_INFO,
  type ArtifactEvent,
  type CanonicalEvent,
  type ChartEvent,
  type EventFamily,
  type EventType,
  type QuotaEvent,
  type ReplicationEvent,
  type RepositoryEvent,
  type RequestInfo,
  type ScanEvent,
  type SystemEvent,
  type Target,
} from '@app/events';

/** Readings of a canonical event that more than one format needs. */

export interface EventsByFamily {
  artifact: ArtifactEvent;
  chart: ChartEvent;
  scan: ScanEvent;
  replication: ReplicationEvent;
  quota: QuotaEvent;
  repository: RepositoryEvent;
  system: SystemEvent;
}

export type FamilyHandlers<R> = { [F in EventFamily]: (event: EventsByFamily[F]) => R };

/** Calls the handler of the event's family with the event narrowed to that family. */
export function byFamily<R>(event: CanonicalEvent, handlers: FamilyHandlers<R>): R {
  const handler = handlers[EVENT_TYPE_INFO[event.type].family] as (event: CanonicalEvent) => R;
  return handler(event);
}

export function isFamily<F extends EventFamily>(
  event: CanonicalEvent,
  family: F,
): event is EventsByFamily[F] {
  return EVENT_TYPE_INFO[event.type].family === family;
}

/** What happened to an artifact or chart, for formats that name the HTTP request behind it. */
export type Operation = 'push' | 'pull' | 'delete';

const OPERATIONS: Partial<Record<EventType, Operation>> = {
  TAG_PUSH: 'push',
  TAG_PULL: 'pull',
  TAG_DELETE: 'delete',
  MANIFEST_PUSH: 'push',
  MANIFEST_PULL: 'pull',
  MANIFEST_DELETE: 'delete',
  PROMOTION: 'push',
  CHART_PUSH: 'push',
  CHART_PULL: 'pull',
  CHART_DELETE: 'delete',
  PUSH_MIRRORING: 'push',
  POLL_MIRRORING: 'push',
};

export function operationOf(type: EventType): Operation | undefined {
  return OPERATIONS[type];
}

const HTTP_METHODS: Readonly<Record<Operation, string>> = { push: 'PUT', pull: 'GET', delete: 'DELETE' };

type AnyTarget = Partial<Target> | undefined;

/** The repository path below its namespace: `api` of `acme/api`, `tools/cli` of `acme/tools/cli`. */
export function repositoryName(target: AnyTarget): string {
  const repository = target?.repository;
  if (repository === undefined) return '';
  const namespace = target?.namespace;
  if (namespace !== undefined && repository.startsWith(`${namespace}/`))
    return repository.slice(namespace.length + 1);
  const slash = repository.indexOf('/');
  return slash < 0 ? repository : repository.slice(slash + 1);
}

/** `repository[:tag]`, else the namespace; undefined for a global event. */
export function subjectOf(event: CanonicalEvent): string | undefined {
  const target: AnyTarget = event.target;
  if (target?.repository !== undefined)
    return target.tag === undefined ? target.repository : `${target.repository}:${target.tag}`;
  return target?.namespace;
}

/** `host/repository:tag` (or `@digest`), as registries print image references. */
export function imageReference(event: CanonicalEvent, prefer: 'tag' | 'digest'): string {
  const target: AnyTarget = event.target;
  const base = `${event.source}/${target?.repository ?? target?.namespace ?? ''}`;
  const byTag = target?.tag === undefined ? undefined : `${base}:${target.tag}`;
  const byDigest = target?.digest === undefined ? undefined : `${base}@${target.digest}`;
  return (prefer === 'tag' ? (byTag ?? byDigest) : (byDigest ?? byTag)) ?? base;
}

/** Whole seconds since the epoch (Harbor's `occur_at`). */
export function unixSeconds(timestamp: string): number {
  return Math.floor(Date.parse(timestamp) / 1000);
}

/** `sha256:1bc04b5291c2`: the algorithm and the first 12 characters of the hash. */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return digest.slice(0, colon + 13);
}

/**
 * The registry request that caused the event, as ACR and Distribution print it. Fields the
 * registry did not send get stable values: the event id, the registry host, the HTTP method of
 * the operation, and empty strings.
 */
export function requestOf(event: CanonicalEvent): Required<RequestInfo> {
  const request = event.request;
  const operation = operationOf(event.type);
  return {
    id: request?.id ?? event.id,
    addr: request?.addr ?? '',
    host: request?.host ?? event.source,
    method: request?.method ?? (operation === undefined ? '' : HTTP_METHODS[operation]),
    useragent: request?.useragent ?? '',
  };
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** A quota amount for people: bytes for `storage`, plain counts otherwise, -1 as unlimited. */
export function formatQuantity(resource: string, amount: number | undefined): string {
  if (amount === undefined) return 'unknown';
  if (amount < 0) return 'unlimited';
  if (resource !== 'storage') return String(amount);
  let value = amount;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** Percent with at most one decimal: 85, 85.3. */
export function formatPercent(value: number): string {
  return `${Math.round(value * 10) / 10}%`;
}

import { EVENT_TYPE_INFO, EVENT_TYPES, EventType } from '../event-types';
import { Target } from './common';

/**
 * Fields a type needs beyond its family schema. One table feeds both the validator's semantic
 * checks and the `if type … then required …` clauses of the published JSON Schema files.
 */
export interface TypeRequirements {
  target: readonly (keyof Target)[];
  data: readonly string[];
}

const TAG_TYPES: readonly EventType[] = ['TAG_PUSH', 'TAG_PULL', 'TAG_DELETE'];
/** Chart events name the chart version in target.tag (see chartVersionTag). */
const CHART_TYPES: readonly EventType[] = ['CHART_PUSH', 'CHART_PULL', 'CHART_DELETE'];
/**
 * Manifest writes and deletes identify the manifest. Pulls may be by tag only, and tag events carry
 * the digest when the registry reports one: Docker Hub and Quay push notifications and
 * Distribution's tag deletes name the tag alone.
 */
const DIGEST_TYPES: readonly EventType[] = ['MANIFEST_PUSH', 'MANIFEST_DELETE'];

function requirementsOf(type: EventType): TypeRequirements {
  const target: (keyof Target)[] = [];
  if (EVENT_TYPE_INFO[type].scope === 'repository') target.push('repository');
  if (TAG_TYPES.includes(type) || CHART_TYPES.includes(type)) target.push('tag');
  if (DIGEST_TYPES.includes(type)) target.push('digest');
  return { target, data: type === 'SCAN_FAILED' ? ['error'] : [] };
}

export const TYPE_REQUIREMENTS: Readonly<Record<EventType, TypeRequirements>> = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, requirementsOf(type)]),
) as Record<EventType, TypeRequirements>;

/**
 * The OCI tag Helm gives a chart version: OCI tags cannot contain `+`, so Helm writes `_`.
 * A chart event's target.tag must be this tag of data.chart.version.
 */
export function chartVersionTag(version: string): string {
  return version.replaceAll('+', '_');
}

import { QuotaData } from '../schemas/families';

/** Harbor's default warning threshold (`quota_warning` in its configuration), in percent. */
export const HARBOR_DEFAULT_QUOTA_WARNING_PERCENT = 85;

const BYTE_UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  PiB: 1024 ** 5,
  EiB: 1024 ** 6,
};

/** A value as Harbor prints it (src/pkg/quota/types/format.go): `8.6 GiB`, `512 B`, or a count. */
function amount(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(?: (B|[KMGTPE]iB))?$/.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * (match[2] === undefined ? 1 : BYTE_UNITS[match[2]]));
}

const RESOURCE = /^[a-z][a-z0-9_]*$/;
/** QUOTA_WARNING: `quota usage reach 85%: resource storage used 8.6 GiB of 10.0 GiB[; resource …]`. */
const WARNING = /^quota usage reach (\d+(?:\.\d+)?)%: (.+)$/s;
const USED_OF = /^resource (\S+) used (.+) of (.+)$/;
/** QUOTA_EXCEED: `adding 69.0 MiB of storage resource, which when updated to current usage of 9.9 GiB will exceed the configured upper limit of 10.0 GiB.` */
const OVERFLOW =
  /^(adding|subtracting) (.+) of (\S+) resource, which when updated to current usage of (.+) will exceed the configured upper limit of (.+?)\.?$/;

type Usage = Pick<QuotaData, 'hard' | 'used' | 'percentage' | 'threshold' | 'resource'>;

const percentOf = (used: number, hard: number): number => Math.max(0, Math.round((used / hard) * 1000) / 10);

/**
 * Harbor sends quota numbers only inside its message (`custom_attributes.Details`); this reads
 * them back. A message in another shape gives no amounts: the percentage is then 100 for an
 * exceeded quota and the threshold for a warning, on the storage resource.
 */
export function parseQuotaDetails(details: string, type: 'QUOTA_EXCEEDED' | 'QUOTA_WARNING'): Usage {
  const usage: Usage = {
    hard: {},
    used: {},
    percentage: type === 'QUOTA_EXCEEDED' ? 100 : HARBOR_DEFAULT_QUOTA_WARNING_PERCENT,
    threshold: HARBOR_DEFAULT_QUOTA_WARNING_PERCENT,
    resource: 'storage',
  };
  const warning = WARNING.exec(details);
  if (warning) {
    usage.threshold = Math.min(100, Number(warning[1]));
    usage.percentage = usage.threshold;
    let first = true;
    for (const part of warning[2].split('; ')) {
      const match = USED_OF.exec(part.trim());
      const used = match && amount(match[2]);
      const hard = match && amount(match[3]);
      if (!match || !RESOURCE.test(match[1]) || used == null || hard == null) continue;
      usage.used[match[1]] = used;
      usage.hard[match[1]] = hard;
      if (first && hard > 0) {
        usage.resource = match[1];
        usage.percentage = percentOf(used, hard);
        first = false;
      }
    }
    return usage;
  }
  let first = true;
  for (const part of details.split('; ')) {
    const match = OVERFLOW.exec(part.trim());
    if (!match) continue;
    const [, op, deltaText, resource, currentText, hardText] = match;
    const delta = amount(deltaText);
    const current = amount(currentText);
    const hard = amount(hardText);
    if (!RESOURCE.test(resource) || delta === undefined || current === undefined || hard === undefined)
      continue;
    usage.used[resource] = current;
    usage.hard[resource] = hard;
    if (first && hard > 0) {
      usage.resource = resource;
      usage.percentage = percentOf(op === 'adding' ? current + delta : current - delta, hard);
      first = false;
    }
  }
  return usage;
}

import { DeliveryStatus } from './delivery.entity';

export const HOUR_MS = 3_600_000;

/** How many deliveries of a webhook were created in one hour with one status. */
export interface HourlyCount {
  /** Hours since the Unix epoch (UTC). */
  hour: number;
  status: DeliveryStatus;
  count: number;
}

export interface StatusCounts {
  deliveries: number;
  succeeded: number;
  /** Failed for good: status failed or dead. */
  failed: number;
  pending: number;
  /** failed / (succeeded + failed); null while none has finished. */
  failureRate: number | null;
}

export interface HourStats extends StatusCounts {
  start: string;
}

export interface WindowStats extends StatusCounts {
  since: string;
  until: string;
  hours: HourStats[];
}

function counts(rows: readonly HourlyCount[]): StatusCounts {
  const sum = (statuses: DeliveryStatus[]) =>
    rows.filter((row) => statuses.includes(row.status)).reduce((total, row) => total + row.count, 0);
  const succeeded = sum(['succeeded']);
  const failed = sum(['failed', 'dead']);
  const pending = sum(['pending']);
  const finished = succeeded + failed;
  return {
    deliveries: succeeded + failed + pending,
    succeeded,
    failed,
    pending,
    failureRate: finished === 0 ? null : failed / finished,
  };
}

/** Totals over [since, until] and one entry per hour from since's hour to until's, empty hours included. */
export function windowStats(rows: readonly HourlyCount[], since: Date, until: Date): WindowStats {
  const first = Math.floor(since.getTime() / HOUR_MS);
  const last = Math.floor(until.getTime() / HOUR_MS);
  const byHour = new Map<number, HourlyCount[]>();
  for (const row of rows) byHour.set(row.hour, [...(byHour.get(row.hour) ?? []), row]);
  const hours: HourStats[] = [];
  for (let hour = first; hour <= last; hour += 1) {
    hours.push({ start: new Date(hour * HOUR_MS).toISOString(), ...counts(byHour.get(hour) ?? []) });
  }
  return { since: since.toISOString(), until: until.toISOString(), ...counts(rows), hours };
}

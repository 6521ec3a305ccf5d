import { DeliveryRecord, formatIssues, validateDeliveryRecord } from '@app/events';

/** The delivery record in a Kafka value of the deliveries or a retry topic, or why it is not one. */
export function parseDeliveryRecord(
  value: Buffer | null,
): { ok: true; value: DeliveryRecord } | { ok: false; reason: string } {
  if (value === null) return { ok: false, reason: 'null value' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
  const result = validateDeliveryRecord(parsed);
  return result.ok ? result : { ok: false, reason: formatIssues(result.errors) };
}

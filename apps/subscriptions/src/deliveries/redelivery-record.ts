import { DeliveryRecord, formatIssues, validateDeliveryRecord } from '@app/events';
import { ConflictException } from '@nestjs/common';
import { ulid } from 'ulid';
import { DeliveryEntity } from './delivery.entity';

/**
 * A new delivery (kind redelivery, fresh id) of a logged delivery's event. The logged event is
 * checked once more because it may predate a schema change; one that no longer passes is a 409.
 */
export function redeliveryRecord(
  delivery: Pick<DeliveryEntity, 'webhookId' | 'event'>,
  now: Date,
): DeliveryRecord {
  const checked = validateDeliveryRecord({
    deliveryId: ulid(),
    subscriptionId: delivery.webhookId,
    kind: 'redelivery',
    event: delivery.event,
    attempt: 1,
    createdAt: now.toISOString(),
  });
  if (!checked.ok) {
    throw new ConflictException(`the logged event cannot be redelivered: ${formatIssues(checked.errors)}`);
  }
  return checked.value;
}

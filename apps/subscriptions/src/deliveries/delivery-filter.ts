import { resolveEventType } from '@app/events';
import { BadRequestException } from '@nestjs/common';
import { DeliveryFilter } from './delivery-log.repository';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';

/** A validated list query → the repository's filter: canonical event type, times as dates, a sane range. */
export function deliveryFilter(query: ListDeliveriesQuery): DeliveryFilter {
  const from = query.from === undefined ? undefined : new Date(query.from);
  const to = query.to === undefined ? undefined : new Date(query.to);
  if (from !== undefined && to !== undefined && from.getTime() > to.getTime()) {
    throw new BadRequestException('from must not be later than to');
  }
  return {
    status: query.status,
    eventType: query.event === undefined ? undefined : resolveEventType(query.event),
    repository: query.repository,
    tag: query.tag,
    digest: query.digest,
    from,
    to,
  };
}

import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { DeliveryEntity } from './delivery.entity';
import { AttemptView, DeliverySummaryView, DeliveryView } from './dto/delivery.response';

/** The logged event's target, when it has one (a ping has none). */
function targetOf(delivery: DeliveryEntity): Partial<Record<'repository' | 'tag' | 'digest', unknown>> {
  const target = (delivery.event as { target?: unknown } | null)?.target;
  return typeof target === 'object' && target !== null ? target : {};
}

const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function toDeliverySummary(delivery: DeliveryEntity): DeliverySummaryView {
  const target = targetOf(delivery);
  return {
    id: delivery.id,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    kind: delivery.kind,
    status: delivery.status,
    repository: textOrNull(target.repository),
    tag: textOrNull(target.tag),
    digest: textOrNull(target.digest),
    attemptCount: delivery.attemptCount,
    createdAt: delivery.createdAt.toISOString(),
    lastAttemptAt: delivery.lastAttemptAt?.toISOString() ?? null,
  };
}

export function toAttemptView(attempt: DeliveryAttemptEntity): AttemptView {
  return {
    number: attempt.number,
    at: attempt.at.toISOString(),
    durationMs: attempt.durationMs,
    request: { url: attempt.request.url, headers: attempt.request.headers, body: attempt.request.body },
    response: attempt.response,
    error: attempt.error,
    outcome: attempt.outcome,
    ...(attempt.nextAttemptAt === null ? {} : { nextAttemptAt: attempt.nextAttemptAt.toISOString() }),
  };
}

/** `attempts` oldest first. */
export function toDeliveryView(
  delivery: DeliveryEntity,
  attempts: readonly DeliveryAttemptEntity[],
): DeliveryView {
  return { ...toDeliverySummary(delivery), attempts: attempts.map(toAttemptView) };
}

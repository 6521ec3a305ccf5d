import { OutboundRequest, signedRequest } from '@app/delivery';
import { DeliveryRecord, SubscriptionRecord } from '@app/events';
import { formatEvent } from '@app/formatters';

export const USER_AGENT = 'registry-webhooks-dispatcher';

/** The signed HTTP request for one attempt of a delivery, in the subscription's format or channel. */
export function prepareRequest(
  subscription: SubscriptionRecord,
  delivery: DeliveryRecord,
  now: Date,
): OutboundRequest {
  const payload = formatEvent(delivery.event, { subscription, deliveryId: delivery.deliveryId });
  return signedRequest({
    subscription,
    deliveryId: delivery.deliveryId,
    payload,
    now,
    userAgent: USER_AGENT,
  });
}

import { OutboundRequest } from '@app/delivery';
import { DeliveryRecord, SigningSecret, SubscriptionRecord } from '@app/events';
import { formatEvent, signPayload } from '@app/formatters';

export const USER_AGENT = 'registry-webhooks-dispatcher';

/**
 * The HTTP request for one attempt: the body and content headers from the subscription's format
 * or channel, Standard Webhooks signature headers (`webhook-id` = delivery id, the same on every
 * retry; `webhook-timestamp` = now; one signature per secret not yet expired), the subscription's
 * custom headers and Authorization. Header names are lower-cased; on a clash, the later source in
 * that list wins over custom headers, so a custom header cannot forge a signature.
 */
export function prepareRequest(
  subscription: SubscriptionRecord,
  delivery: DeliveryRecord,
  now: Date,
): OutboundRequest {
  const { target } = subscription;
  const formatted = formatEvent(delivery.event, { subscription, deliveryId: delivery.deliveryId });
  const signature = signPayload({
    webhookId: delivery.deliveryId,
    timestamp: Math.floor(now.getTime() / 1_000),
    body: formatted.body,
    secrets: activeSecrets(subscription.secrets, now).map((s) => s.secret),
  });
  const headers = mergeHeaders(
    { 'user-agent': USER_AGENT },
    target.headers,
    target.authorization === undefined ? {} : { authorization: target.authorization },
    formatted.headers,
    signature,
  );
  return {
    url: target.url,
    headers,
    body: formatted.body,
    verifyTls: target.verifyTls,
    caCert: target.caCert,
  };
}

/** Secrets whose overlap window has not ended; the newest one if all have (it never should). */
export function activeSecrets(secrets: readonly SigningSecret[], now: Date): SigningSecret[] {
  const active = secrets.filter((s) => s.expiresAt === undefined || Date.parse(s.expiresAt) > now.getTime());
  return active.length > 0 ? active : secrets.slice(-1);
}

function mergeHeaders(...sources: Readonly<Record<string, string>>[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) merged[name.toLowerCase()] = value;
  }
  return merged;
}

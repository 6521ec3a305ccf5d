import { OutboundRequest } from './http-sender';
import { SigningSecret, SubscriptionRecord } from '@app/events';
import { FormattedPayload, signPayload } from '@app/formatters';

/**
 * The signed HTTP request for one attempt of a formatted payload (an event or a ping): the
 * subscription's custom headers and Authorization, the payload's content headers, Standard
 * Webhooks signature headers (`webhook-id` = the delivery id; `webhook-timestamp` = now; one
 * signature per secret not yet expired). Header names are lower-cased; on a clash the later
 * source in that list wins, so a custom header cannot forge a signature. The dispatcher's
 * deliveries and the subscriptions app's ping both come from this one function.
 */
export function signedRequest(input: {
  subscription: Pick<SubscriptionRecord, 'target' | 'secrets'>;
  deliveryId: string;
  payload: FormattedPayload;
  now: Date;
  userAgent: string;
}): OutboundRequest {
  const { subscription, deliveryId, payload, now, userAgent } = input;
  const { target } = subscription;
  const signature = signPayload({
    webhookId: deliveryId,
    timestamp: Math.floor(now.getTime() / 1_000),
    body: payload.body,
    secrets: activeSecrets(subscription.secrets, now).map((s) => s.secret),
  });
  const headers = mergeHeaders(
    { 'user-agent': userAgent },
    target.headers,
    target.authorization === undefined ? {} : { authorization: target.authorization },
    payload.headers,
    signature,
  );
  return {
    url: target.url,
    headers,
    body: payload.body,
    verifyTls: target.verifyTls,
    ...(target.caCert === undefined ? {} : { caCert: target.caCert }),
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

import type { CanonicalEvent, SubscriptionRecord } from '@app/events';

/** What a formatter knows about the delivery it formats for. */
export interface DeliveryContext {
  subscription: Pick<SubscriptionRecord, 'id' | 'name' | 'format' | 'target' | 'cloudEventsMode'>;
  /** Stable across retries; a ping uses it as its event id. */
  deliveryId: string;
}

/**
 * A request body and the headers that describe it. Header names are lower-case and always include
 * `content-type`; transport headers (signature, custom headers, authorization) are the sender's.
 */
export interface FormattedPayload {
  headers: Record<string, string>;
  body: string;
}

/** A test delivery with no registry event behind it. */
export interface Ping {
  /** The delivery id. */
  id: string;
  occurredAt: string;
  subscription: { id: string; name: string };
}

/** This service: the source, registry or operator of a ping, wherever a format wants one. */
export const SERVICE_NAME = 'registry-webhooks';

/** One per HTTP format and per chat channel; pure functions of their input. */
export interface PayloadFormatter {
  format(event: CanonicalEvent, ctx: DeliveryContext): FormattedPayload;
  ping(ping: Ping, ctx: DeliveryContext): FormattedPayload;
}

export const JSON_CONTENT_TYPE = 'application/json';

export function jsonPayload(body: unknown, contentType: string = JSON_CONTENT_TYPE): FormattedPayload {
  return { headers: { 'content-type': contentType }, body: JSON.stringify(body) };
}

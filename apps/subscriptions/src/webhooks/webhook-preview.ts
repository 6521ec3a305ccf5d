import { redactHeaders, signedRequest } from '@app/delivery';
import { EventType, exampleEvent, SubscriptionRecord } from '@app/events';
import { formatEvent } from '@app/formatters';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import { WebhookPreviewView } from './dto/webhook-preview.view';

/** Formatters read a subscription's id and name only for pings; a preview formats an event. */
const DRAFT_ID = '00000000-0000-0000-0000-000000000000';
/** Transport headers are the HTTP client's; the preview shows what the webhook's settings produce. */
const CLIENT_HEADERS = ['user-agent'];

/**
 * The request a webhook with these settings would send for the catalogue example of `type`: the
 * same formatter and signing code a delivery goes through, with credentials redacted as the
 * delivery log records them. Nothing is sent.
 */
export function previewRequest(
  draft: UpdateWebhookDto,
  type: EventType,
  input: { deliveryId: string; now: Date; secret: string },
): WebhookPreviewView {
  const target = draft.target ?? {};
  const subscription: Pick<SubscriptionRecord, 'id' | 'name' | 'format' | 'target' | 'secrets'> &
    Partial<Pick<SubscriptionRecord, 'cloudEventsMode'>> = {
    id: DRAFT_ID,
    name: draft.name ?? 'preview',
    format: draft.format ?? 'default',
    ...(draft.cloudEventsMode == null ? {} : { cloudEventsMode: draft.cloudEventsMode }),
    target: {
      type: target.type ?? 'http',
      url: target.url ?? '',
      headers: { ...target.headers },
      verifyTls: target.verifyTls ?? true,
      ...(target.authorization == null ? {} : { authorization: target.authorization }),
    },
    secrets: [{ secret: input.secret }],
  };
  const payload = formatEvent(exampleEvent(type), { subscription, deliveryId: input.deliveryId });
  const request = signedRequest({
    subscription,
    deliveryId: input.deliveryId,
    payload,
    now: input.now,
    userAgent: '',
  });
  const headers = redactHeaders(request.headers);
  for (const name of CLIENT_HEADERS) delete headers[name];
  return {
    eventType: type,
    request: { method: 'POST', url: target.url ?? null, headers, body: request.body },
  };
}

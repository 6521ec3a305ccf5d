import type { CanonicalEvent, Format, TargetType } from '@app/events';
import { DiscordFormatter } from './channels/discord.formatter';
import { SlackFormatter } from './channels/slack.formatter';
import { TeamsFormatter } from './channels/teams.formatter';
import { AcrFormatter } from './formats/acr.formatter';
import { CloudEventsFormatter } from './formats/cloudevents.formatter';
import { DefaultFormatter } from './formats/default.formatter';
import { DistributionFormatter } from './formats/distribution.formatter';
import { DtrFormatter } from './formats/dtr.formatter';
import { HarborFormatter } from './formats/harbor.formatter';
import type { DeliveryContext, FormattedPayload, PayloadFormatter, Ping } from './formatter';

export type ChatChannel = Exclude<TargetType, 'http'>;

/** The formatter of each HTTP format (the subscription's `format`). */
export const HTTP_FORMATTERS: Readonly<Record<Format, PayloadFormatter>> = {
  default: new DefaultFormatter(),
  cloudevents: new CloudEventsFormatter(),
  harbor: new HarborFormatter(),
  dtr: new DtrFormatter(),
  acr: new AcrFormatter(),
  distribution: new DistributionFormatter(),
};

/** The formatter of each chat target type; the subscription's `format` does not apply to them. */
export const CHAT_FORMATTERS: Readonly<Record<ChatChannel, PayloadFormatter>> = {
  slack: new SlackFormatter(),
  teams: new TeamsFormatter(),
  discord: new DiscordFormatter(),
};

export function formatterFor(subscription: DeliveryContext['subscription']): PayloadFormatter {
  const type = subscription.target.type;
  return type === 'http' ? HTTP_FORMATTERS[subscription.format] : CHAT_FORMATTERS[type];
}

/**
 * Whether `formatEvent` sends the canonical event as it is (an http target in the `default`
 * format): the body is then the event's JSON, and a record of the request need not carry both.
 */
export function sendsEventAsIs(subscription: DeliveryContext['subscription']): boolean {
  return subscription.target.type === 'http' && subscription.format === 'default';
}

/** The body and content headers of one delivery of `event`. */
export function formatEvent(event: CanonicalEvent, ctx: DeliveryContext): FormattedPayload {
  return formatterFor(ctx.subscription).format(event, ctx);
}

/** The ping a delivery context sends at `now`: a test delivery with the delivery id as event id. */
export function pingOf(ctx: DeliveryContext, now: Date = new Date()): Ping {
  return {
    id: ctx.deliveryId,
    occurredAt: now.toISOString(),
    subscription: { id: ctx.subscription.id, name: ctx.subscription.name },
  };
}

/** The body and content headers of the ping a delivery context sends at `now`. */
export function formatPing(ctx: DeliveryContext, now: Date = new Date()): FormattedPayload {
  return formatterFor(ctx.subscription).ping(pingOf(ctx, now), ctx);
}

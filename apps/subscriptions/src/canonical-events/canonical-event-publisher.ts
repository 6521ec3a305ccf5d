import { CanonicalEvent, EVENT_TYPE_INFO, INBOUND_TOPICS } from '@app/events';

/** Puts canonical events on their family topics; resolves once Kafka acknowledged every one (acks=all). */
export interface CanonicalEventPublisher {
  publish(events: readonly CanonicalEvent[]): Promise<void>;
}

export const CANONICAL_EVENT_PUBLISHER = Symbol('CANONICAL_EVENT_PUBLISHER');

/** The inbound topic (unprefixed) and key a registry produces an event with: per-repository order. */
export function inboundRecordOf(event: CanonicalEvent): { topic: string; key: string; value: string } {
  return {
    topic: INBOUND_TOPICS[EVENT_TYPE_INFO[event.type].family],
    key: event.target?.repository ?? event.target?.namespace ?? 'global',
    value: JSON.stringify(event),
  };
}

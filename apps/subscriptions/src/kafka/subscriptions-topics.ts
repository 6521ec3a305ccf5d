import { INBOUND_TOPICS, INTERNAL_TOPICS } from '@app/events';

/**
 * What the app reads and writes: the subscriptions it publishes (and watches for gRPC), the
 * attempts it logs, the deliveries it asks again for, and the inbound topics it produces to for
 * registries that send their own notifications.
 */
export const SUBSCRIPTIONS_APP_TOPICS: readonly string[] = [
  INTERNAL_TOPICS.subscriptions,
  INTERNAL_TOPICS.attempts,
  INTERNAL_TOPICS.deliveries,
  ...Object.values(INBOUND_TOPICS),
];

import { bool, durationList, durationMs, formatDuration, positiveInt } from '@app/common';
import { HTTP_SENDER_DEFAULTS } from './http-sender';
import { DEFAULT_RETRY_SCHEDULE_MS } from './retry-policy';

/** HTTP delivery settings shared by the dispatcher and the subscriptions app's ping. */
export const deliveryEnv = {
  DELIVERY_ALLOW_PRIVATE_NETWORKS: bool(false),
  DELIVERY_CONNECT_TIMEOUT: durationMs(formatDuration(HTTP_SENDER_DEFAULTS.connectTimeoutMs)),
  DELIVERY_TIMEOUT: durationMs(formatDuration(HTTP_SENDER_DEFAULTS.totalTimeoutMs)),
  DELIVERY_RETRY_SCHEDULE: durationList(DEFAULT_RETRY_SCHEDULE_MS.map(formatDuration).join(',')),
  DELIVERY_MAX_CONNECTIONS_PER_ORIGIN: positiveInt(HTTP_SENDER_DEFAULTS.maxConnectionsPerOrigin),
};

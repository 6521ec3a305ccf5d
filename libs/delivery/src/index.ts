export { blockedRangeOf, isBlockedAddress } from './address-guard';
export { HTTP_SENDER_DEFAULTS, HttpSender } from './http-sender';
export type {
  DeliveryError,
  DeliveryErrorCode,
  DeliveryResponse,
  DeliverySettings,
  HttpRequest,
  HttpSenderOptions,
  OutboundRequest,
  SendResult,
} from './http-sender';
export {
  classifyResult,
  DEFAULT_RETRY_SCHEDULE_MS,
  MAX_RETRY_AFTER_MS,
  nextRetryDelay,
  parseRetryAfter,
  RETRY_JITTER,
} from './retry-policy';
export type { DeliveryOutcome } from './retry-policy';
export { REDACTED, redactHeaders, truncateUtf8 } from './redaction';
export * from './outbound-request';
export { recordedExchange } from './recorded-exchange';
export { deliveryEnv } from './delivery-env';

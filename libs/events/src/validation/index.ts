export { formatIssues, MAX_ISSUES } from './issues';
export type { ValidationIssue, ValidationResult } from './issues';
export { isRfc3339DateTime } from './date-time';
export { MAX_INBOUND_BYTES, parseInboundRecord, validateEvent } from './validate-event';
export type { ValidateEventOptions } from './validate-event';
export {
  validateAttemptRecord,
  validateDeadLetterRecord,
  validateDeliveryRecord,
  validateSubscriptionRecord,
} from './internal-records';

export type { DeliveryContext, FormattedPayload, PayloadFormatter, Ping } from './formatter';
export { SERVICE_NAME } from './formatter';
export {
  CHAT_FORMATTERS,
  HTTP_FORMATTERS,
  formatEvent,
  formatPing,
  formatterFor,
  pingOf,
  sendsEventAsIs,
} from './registry';
export type { ChatChannel } from './registry';
export { NAMING_FORMATS, PING_NAMES, TYPE_NAMES, hasNativeName, typeNameIn } from './type-names';
export type { NamingFormat, TypeNames } from './type-names';
export {
  DEFAULT_TOLERANCE_SECONDS,
  SECRET_MAX_BYTES,
  SECRET_MIN_BYTES,
  SECRET_PREFIX,
  generateSecret,
  parseSecret,
  signPayload,
  verifySignature,
} from './signing/standard-webhooks';
export type { SignInput, SignatureHeaders, VerifyInput } from './signing/standard-webhooks';
export { CLOUDEVENTS_CONTENT_TYPE } from './formats/cloudevents.formatter';
export { DISTRIBUTION_CONTENT_TYPE } from './formats/distribution.formatter';

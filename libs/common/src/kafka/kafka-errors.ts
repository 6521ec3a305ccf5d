import { KafkaSettings } from './kafka-config';

interface KafkaJsLikeError {
  name?: string;
  message?: string;
  code?: string;
  cause?: unknown;
}

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

/** The error and the errors it wraps (kafkajs wraps the one that happened in retries and non-retriable errors). */
function chain(error: unknown): KafkaJsLikeError[] {
  const errors: KafkaJsLikeError[] = [];
  for (let current = error; current && typeof current === 'object' && errors.length < 10;) {
    errors.push(current as KafkaJsLikeError);
    current = (current as KafkaJsLikeError).cause;
  }
  return errors;
}

/** Kafka could not be reached at all (as opposed to answering no): worth trying again later. */
export function isKafkaUnreachable(error: unknown): boolean {
  return chain(error).some((e) => e.code !== undefined && UNREACHABLE_CODES.has(e.code));
}

/**
 * What went wrong talking to Kafka at boot, in words that name the setting to look at: refused
 * credentials, a certificate that does not verify, brokers that cannot be reached.
 */
export function explainKafkaError(error: unknown, settings: KafkaSettings): string {
  const errors = chain(error);
  const sasl = errors.find((e) => e.name === 'KafkaJSSASLAuthenticationError');
  if (sasl) {
    return (
      `Kafka refused the ${settings.KAFKA_SASL_MECHANISM} credentials of user "${settings.KAFKA_SASL_USERNAME}" ` +
      `(KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD): ${sasl.message}`
    );
  }
  const tls = errors.find(
    (e) => (e.code && TLS_CODES.has(e.code)) || /TLS|certificate|SSL/i.test(e.message ?? ''),
  );
  if (tls) {
    return `the TLS connection to Kafka failed (KAFKA_SSL=${settings.KAFKA_SSL}, KAFKA_SSL_CA=${settings.KAFKA_SSL_CA?.path ?? 'unset'}): ${tls.message}`;
  }
  const unreachable = errors.find((e) => e.code && UNREACHABLE_CODES.has(e.code));
  if (unreachable) {
    return `cannot reach Kafka at ${settings.KAFKA_BROKERS.join(',')} (KAFKA_BROKERS): ${unreachable.message}`;
  }
  const innermost = errors[errors.length - 1];
  return `Kafka at ${settings.KAFKA_BROKERS.join(',')}: ${innermost?.message ?? String(error)}`;
}

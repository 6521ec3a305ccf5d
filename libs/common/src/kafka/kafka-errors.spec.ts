import { z } from 'zod';
import { loadConfig } from '../config/load-config';
import { kafkaEnv } from './kafka-config';
import { explainKafkaError, isKafkaUnreachable } from './kafka-errors';

const settings = loadConfig(z.object(kafkaEnv), {
  KAFKA_BROKERS: 'k1:9093',
  KAFKA_SSL: 'true',
  KAFKA_SASL_MECHANISM: 'scram-sha-256',
  KAFKA_SASL_USERNAME: 'alice',
  KAFKA_SASL_PASSWORD: 'wrong',
});

/** kafkajs wraps the error that happened: a connect that kept failing is "retries exceeded", caused by it. */
const wrapped = (cause: object) =>
  Object.assign(new Error('retries exceeded'), { name: 'KafkaJSNumberOfRetriesExceeded', cause });

describe('explainKafkaError', () => {
  it('names the credentials Kafka refused', () => {
    const refused = Object.assign(
      new Error('SASL SCRAM SHA256 authentication failed: Authentication failed'),
      {
        name: 'KafkaJSSASLAuthenticationError',
      },
    );
    expect(explainKafkaError(wrapped(refused), settings)).toBe(
      'Kafka refused the scram-sha-256 credentials of user "alice" (KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD): ' +
        'SASL SCRAM SHA256 authentication failed: Authentication failed',
    );
  });

  it('names the TLS settings when the certificate does not verify', () => {
    const tls = Object.assign(new Error('Connection error: self-signed certificate in certificate chain'), {
      name: 'KafkaJSConnectionError',
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    expect(explainKafkaError(wrapped(tls), settings)).toMatch(
      /^the TLS connection to Kafka failed \(KAFKA_SSL=true, KAFKA_SSL_CA=unset\): Connection error: self-signed/,
    );
  });

  it('names the brokers it could not reach', () => {
    const refused = Object.assign(new Error('Connection error: connect ECONNREFUSED 10.0.0.1:9093'), {
      name: 'KafkaJSConnectionError',
      code: 'ECONNREFUSED',
    });
    expect(explainKafkaError(wrapped(refused), settings)).toBe(
      'cannot reach Kafka at k1:9093 (KAFKA_BROKERS): Connection error: connect ECONNREFUSED 10.0.0.1:9093',
    );
  });

  it('otherwise says what Kafka answered', () => {
    expect(explainKafkaError(new Error('Topic authorization failed'), settings)).toBe(
      'Kafka at k1:9093: Topic authorization failed',
    );
  });
});

describe('isKafkaUnreachable', () => {
  it('is true only when no broker answered', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(isKafkaUnreachable(wrapped(refused))).toBe(true);
    expect(
      isKafkaUnreachable(Object.assign(new Error('auth'), { name: 'KafkaJSSASLAuthenticationError' })),
    ).toBe(false);
  });
});

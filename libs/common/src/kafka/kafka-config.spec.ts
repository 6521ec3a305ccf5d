import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config/load-config';
import { checkKafkaEnv, kafkaEnv } from './kafka-config';

const schema = z.object(kafkaEnv).superRefine(checkKafkaEnv);
const load = (env: Record<string, string>) => loadConfig(schema, { KAFKA_BROKERS: 'a:9092', ...env });
const problems = (env: Record<string, string>): string => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('kafkaEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-config-spec-'));
  const ca = join(dir, 'ca.pem');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  const notPem = join(dir, 'not.pem');
  writeFileSync(notPem, 'hello');

  it('defaults to plaintext, 8 partitions, replication from the cluster, provisioning and idempotence on', () => {
    expect(load({})).toEqual({
      KAFKA_BROKERS: ['a:9092'],
      KAFKA_TOPIC_PREFIX: '',
      KAFKA_SSL: false,
      KAFKA_TOPIC_PARTITIONS: 8,
      KAFKA_PROVISION_TOPICS: true,
      KAFKA_IDEMPOTENT: true,
    });
  });

  it('reads the CA file at boot and takes SASL settings, the mechanism in any case', () => {
    const config = load({
      KAFKA_BROKERS: 'a:9093,b:9093',
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA: ca,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'alice',
      KAFKA_SASL_PASSWORD: 'secret',
      KAFKA_REPLICATION_FACTOR: '3',
    });
    expect(config.KAFKA_SSL_CA).toEqual({ path: ca, pem: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(config.KAFKA_SASL_MECHANISM).toBe('scram-sha-512');
    expect(config.KAFKA_REPLICATION_FACTOR).toBe(3);
  });

  it('names a CA file that cannot be read or holds no certificate', () => {
    expect(problems({ KAFKA_SSL: 'true', KAFKA_SSL_CA: join(dir, 'missing.pem') })).toMatch(
      /KAFKA_SSL_CA: cannot read .*missing\.pem: ENOENT/,
    );
    expect(problems({ KAFKA_SSL: 'true', KAFKA_SSL_CA: notPem })).toMatch(
      /KAFKA_SSL_CA: .*not\.pem holds no PEM certificate/,
    );
    expect(problems({ KAFKA_SSL_CA: ca })).toMatch(/KAFKA_SSL_CA: needs KAFKA_SSL=true/);
  });

  it('names an unknown mechanism and the credentials a mechanism needs', () => {
    expect(problems({ KAFKA_SASL_MECHANISM: 'gssapi' })).toMatch(
      /KAFKA_SASL_MECHANISM: must be one of plain, scram-sha-256, scram-sha-512 \(got "gssapi"\)/,
    );
    const missing = problems({ KAFKA_SASL_MECHANISM: 'plain' });
    expect(missing).toMatch(/KAFKA_SASL_USERNAME: is required with KAFKA_SASL_MECHANISM=plain/);
    expect(missing).toMatch(/KAFKA_SASL_PASSWORD: is required with KAFKA_SASL_MECHANISM=plain/);
    expect(problems({ KAFKA_SASL_USERNAME: 'alice' })).toMatch(
      /KAFKA_SASL_USERNAME: needs KAFKA_SASL_MECHANISM/,
    );
  });

  it('names bad numbers and booleans', () => {
    const message = problems({
      KAFKA_TOPIC_PARTITIONS: '0',
      KAFKA_REPLICATION_FACTOR: 'x',
      KAFKA_SSL: 'maybe',
    });
    expect(message).toMatch(/KAFKA_TOPIC_PARTITIONS/);
    expect(message).toMatch(/KAFKA_REPLICATION_FACTOR: must be a number/);
    expect(message).toMatch(/KAFKA_SSL: must be true or false/);
  });
});

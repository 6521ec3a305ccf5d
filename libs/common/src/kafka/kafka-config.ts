import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { bool, positiveInt } from '../config/env';

const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** A PEM file of CA certificates, read at boot: a missing or unreadable file is a bad setting. */
const pemFile = z
  .string()
  .optional()
  .transform((path, ctx) => {
    if (path === undefined) return undefined;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      });
      return z.NEVER;
    }
    if (!text.includes('-----BEGIN CERTIFICATE-----')) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${path} holds no PEM certificate` });
      return z.NEVER;
    }
    return { path, pem: text };
  });

/** The Kafka settings both apps share; combine with `checkKafkaEnv` for the rules across them. */
export const kafkaEnv = {
  KAFKA_BROKERS: z
    .string({ required_error: 'is required (comma-separated host:port list)' })
    .transform((v) =>
      v
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    )
    .refine((list) => list.length > 0 && list.every((b) => /^[^\s:]+:\d+$/.test(b)), {
      message: 'must be a comma-separated list of host:port',
    }),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/, 'may only contain letters, digits, . _ -')
    .default(''),
  KAFKA_CLIENT_ID: z.string().optional(),
  KAFKA_SSL: bool(false),
  KAFKA_SSL_CA: pemFile,
  KAFKA_SASL_MECHANISM: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(
      z.enum(SASL_MECHANISMS, {
        errorMap: () => ({ message: `must be one of ${SASL_MECHANISMS.join(', ')}` }),
      }),
    )
    .optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  /** Partitions of each topic the app creates at boot. */
  KAFKA_TOPIC_PARTITIONS: positiveInt(8),
  /** Replication factor of each topic the app creates; unset: min(3, brokers in the cluster). */
  KAFKA_REPLICATION_FACTOR: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be a whole number')
    .positive('must be at least 1')
    .optional(),
  /**
   * Create the missing topics at boot and check the compacted ones. false: only check that they all
   * exist, for clusters whose topics are managed elsewhere (or a broker without the Admin API).
   */
  KAFKA_PROVISION_TOPICS: bool(true),
  /** The idempotent producer; off only for a broker without it (librdkafka's mock cluster). */
  KAFKA_IDEMPOTENT: bool(true),
};

export type KafkaSettings = z.output<z.ZodObject<typeof kafkaEnv>>;

/** Rules across the Kafka settings, for an app schema's `superRefine`. */
export function checkKafkaEnv(config: KafkaSettings, ctx: z.RefinementCtx): void {
  const issue = (path: keyof KafkaSettings, message: string): void =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
  if (config.KAFKA_SSL_CA && !config.KAFKA_SSL) issue('KAFKA_SSL_CA', 'needs KAFKA_SSL=true');
  if (config.KAFKA_SASL_MECHANISM) {
    if (!config.KAFKA_SASL_USERNAME)
      issue('KAFKA_SASL_USERNAME', `is required with KAFKA_SASL_MECHANISM=${config.KAFKA_SASL_MECHANISM}`);
    if (config.KAFKA_SASL_PASSWORD === undefined) {
      issue('KAFKA_SASL_PASSWORD', `is required with KAFKA_SASL_MECHANISM=${config.KAFKA_SASL_MECHANISM}`);
    }
  } else {
    for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (config[name] !== undefined)
        issue(name, 'needs KAFKA_SASL_MECHANISM (plain, scram-sha-256 or scram-sha-512)');
    }
  }
}

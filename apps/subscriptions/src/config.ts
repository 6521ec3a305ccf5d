import { checkKafkaEnv, durationMs, kafkaEnv, loadConfig, logEnv, port, positiveInt } from '@app/common';
import { deliveryEnv } from '@app/delivery';
import { INGEST_SOURCES, IngestSource, isIngestSource, MAX_INBOUND_BYTES } from '@app/events';
import { z } from 'zod';

const optionalText = z.string().trim().min(1).optional();

export type IngestTokens = Partial<Record<IngestSource, string>>;

const INGEST_TOKEN = /^[\x21-\x2b\x2d-\x7e]{16,512}$/;

/**
 * `distribution=<token>,harbor=<token>,…`: the bearer token of each source served; a source not
 * listed is not served. Messages never quote a token.
 */
const ingestTokens = z
  .string()
  .optional()
  .transform((value, ctx): IngestTokens | undefined => {
    if (value === undefined) return undefined;
    const tokens: IngestTokens = {};
    const problem = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, message });
    value.split(',').forEach((entry, index) => {
      const equals = entry.indexOf('=');
      if (entry.trim() === '') return;
      if (equals < 0) return problem(`entry ${index + 1} is not source=token`);
      const source = entry.slice(0, equals).trim();
      const token = entry.slice(equals + 1).trim();
      if (!isIngestSource(source))
        return problem(`${JSON.stringify(source)} is not a source (${INGEST_SOURCES.join(', ')})`);
      if (tokens[source] !== undefined) return problem(`${source} is listed twice`);
      if (!INGEST_TOKEN.test(token))
        return problem(`the token of ${source} must be 16 to 512 printable characters, no spaces or commas`);
      tokens[source] = token;
    });
    if (Object.keys(tokens).length === 0) problem('must list at least one source=token');
    return tokens;
  });

/** 32 bytes, as 64 hex digits or base64 (`openssl rand -base64 32`). */
const encryptionKey = z
  .string()
  .optional()
  .transform((value, ctx): Buffer | undefined => {
    if (value === undefined) return undefined;
    const text = value.trim();
    const key = /^[0-9a-fA-F]{64}$/.test(text)
      ? Buffer.from(text, 'hex')
      : /^[A-Za-z0-9+/]{43}=?$/.test(text)
        ? Buffer.from(text, 'base64')
        : undefined;
    if (key?.length !== 32) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must be 32 bytes, as 64 hex digits or base64 (openssl rand -base64 32)',
      });
    }
    return key;
  });

/** Settings whose values a configuration error never quotes. */
const SECRET_VARIABLES = [
  'AUTH_JWT_SECRET',
  'GRPC_AUTH_TOKEN',
  'INGEST_TOKENS',
  'CREDENTIALS_ENCRYPTION_KEY',
];

export const databaseEnv = {
  DATABASE_URL: z
    .string({ required_error: 'is required (postgres://user:password@host:5432/database)' })
    .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
      message: 'must be a postgres:// or postgresql:// URL',
    }),
};

export const configSchema = z
  .object({
    ...databaseEnv,
    ...kafkaEnv,
    HTTP_PORT: port(8080),
    GRPC_PORT: port(50051),
    AUTH_JWT_SECRET: optionalText,
    AUTH_JWKS_URL: z
      .string()
      .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), {
        message: 'must be an http or https URL',
      })
      .optional(),
    AUTH_JWT_ISSUER: optionalText,
    AUTH_JWT_AUDIENCE: optionalText,
    GRPC_AUTH_TOKEN: optionalText,
    /** How long the previous signing secret stays valid after a rotation. */
    SECRET_ROTATION_OVERLAP: durationMs('24h'),
    /** How often the outbox relay looks for rows written by other instances. */
    OUTBOX_POLL_INTERVAL: durationMs('200ms'),
    /** Delivery log: deliveries older than this are deleted, with their attempts. */
    DELIVERY_LOG_RETENTION: durationMs('30d'),
    /** Delivery log: at most this many deliveries per webhook (the newest) are kept. */
    DELIVERY_LOG_MAX_PER_WEBHOOK: positiveInt(1000),
    /** Delivery log: how often retention is applied. */
    DELIVERY_LOG_SWEEP_INTERVAL: durationMs('10m').refine((ms) => ms > 0, 'must be longer than 0'),
    /** Bearer token per ingest source; unset, POST /ingest/v1/{source} serves nothing (404). */
    INGEST_TOKENS: ingestTokens,
    /** Largest ingest body accepted (413 above). */
    INGEST_MAX_BODY_BYTES: positiveInt(MAX_INBOUND_BYTES),
    /** How long an ingest request waits for Kafka's acknowledgement before answering 503. */
    INGEST_PUBLISH_TIMEOUT: durationMs('10s').refine((ms) => ms > 0, 'must be longer than 0'),
    /** AES-256-GCM key for the credentials of watched remote repositories; unset, none can be stored. */
    CREDENTIALS_ENCRYPTION_KEY: encryptionKey,
    ...deliveryEnv,
    ...logEnv,
  })
  .superRefine((config, ctx) => {
    checkKafkaEnv(config, ctx);
    if (!config.AUTH_JWT_SECRET && !config.AUTH_JWKS_URL) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['AUTH_JWT_SECRET'],
        message: 'AUTH_JWT_SECRET or AUTH_JWKS_URL is required (an HS256 secret, a JWKS URL, or both)',
      });
    }
  });

export type AppConfig = z.output<typeof configSchema>;

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return loadConfig(configSchema, env, SECRET_VARIABLES);
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

import { checkKafkaEnv, durationMs, kafkaEnv, loadConfig, logEnv, port, positiveInt } from '@app/common';
import { deliveryEnv } from '@app/delivery';
import { z } from 'zod';

const optionalText = z.string().trim().min(1).optional();

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
  return loadConfig(configSchema, env);
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

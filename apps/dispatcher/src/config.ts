import { checkKafkaEnv, durationMs, kafkaEnv, loadConfig, logEnv, port, positiveInt } from '@app/common';
import { deliveryEnv } from '@app/delivery';
import { z } from 'zod';

/** Every setting of the dispatcher, validated once at boot (a bad value names the variable). */
export const dispatcherConfigSchema = z
  .object({
    ...kafkaEnv,
    ...deliveryEnv,
    ...logEnv,
    DISPATCHER_HTTP_PORT: port(8081),
    /** Base of the consumer group ids; the effective ids are prefixed with KAFKA_TOPIC_PREFIX. */
    DISPATCHER_GROUP_ID: z
      .string()
      .regex(/^[a-zA-Z0-9._-]+$/, 'may only contain letters, digits, . _ -')
      .default('registry-webhooks-dispatcher'),
    /** HTTP requests in progress per instance (at most one per subscription). */
    DISPATCHER_MAX_IN_FLIGHT: positiveInt(256),
    /** Deliveries taken from Kafka and not yet finished, per instance; above it the consumers stop taking more. */
    DISPATCHER_MAX_BUFFERED: positiveInt(2048),
    /**
     * An inbound event matching more subscriptions than this is handed to webhooks.deliveries.v1,
     * whose consumer group shares its deliveries between the instances, instead of delivered here
     * (0: every delivery takes that way).
     */
    DISPATCHER_DIRECT_FANOUT_MAX: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .default(32),
    /**
     * A subscription with a backlog behind a slow delivery (one in progress for half of this),
     * whose oldest waiting delivery has waited this long, hands what waits to
     * webhooks.deliveries.v1, so that a slow endpoint does not hold its inbound partition.
     */
    DISPATCHER_STALL_AFTER: durationMs('2s').refine((ms) => ms >= 10, 'must be at least 10ms'),
    /** Inbound events with an id seen within this window (on this instance, the last 100,000 at most) are dropped. */
    INBOUND_DEDUP_WINDOW: durationMs('10m'),
    /** Larger inbound records go to the invalid topic. */
    INBOUND_MAX_EVENT_BYTES: positiveInt(1_048_576),
    /** A subscription failing for this long with no success is disabled. */
    AUTO_DISABLE_AFTER: durationMs('5d'),
    /**
     * Consumer group session timeout: how long a silent member (crashed, SIGKILLed) keeps its
     * partitions before the group reassigns them. Heartbeats go every 3 s.
     */
    DISPATCHER_SESSION_TIMEOUT: durationMs('30s').refine((ms) => ms >= 6_000, 'must be at least 6s'),
    /**
     * How long a fetch of the inbound and delivery consumers may wait for records to arrive (the
     * others wait at least 100 ms). Kafka answers as soon as records arrive; a broker that holds an
     * empty fetch for the whole wait adds up to this per hop.
     */
    DISPATCHER_FETCH_MAX_WAIT: durationMs('100ms').refine(
      (ms) => ms >= 1 && ms <= 10_000,
      'must be 1ms to 10s',
    ),
    /**
     * When a rebalance moves an inbound or delivery partition, its new owner waits this long before reading it,
     * from the offset committed by then, while the previous owner finishes and commits what it had
     * taken (the broker refuses commits during the rebalance itself). Without it, that work would be
     * read and delivered again. 0 turns the wait off.
     */
    DISPATCHER_HANDOVER_WAIT: durationMs('1s'),
    /**
     * How far V8 lets the old generation grow past what survived the last full collection, in
     * percent (heap-growth.ts). 0 leaves it to V8, which under a --max-old-space-size below 1 GB grows
     * it by only 30% or so and collects it every second under load.
     */
    DISPATCHER_HEAP_GROWING_PERCENT: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be 0 to 300')
      .max(300, 'must be 0 to 300')
      .default(100),
    /** How long SIGTERM waits for deliveries in progress to finish and commit. */
    SHUTDOWN_TIMEOUT: durationMs('10s'),
  })
  .superRefine(checkKafkaEnv);

export type DispatcherConfig = z.output<typeof dispatcherConfigSchema>;

export function loadDispatcherConfig(env: NodeJS.ProcessEnv = process.env): DispatcherConfig {
  return loadConfig(dispatcherConfigSchema, env);
}

/** The consumer group ids of one instance (the view's group is unique per process). */
export function groupIds(config: DispatcherConfig): { inbound: string; deliveries: string; retry: string } {
  const base = `${config.KAFKA_TOPIC_PREFIX}${config.DISPATCHER_GROUP_ID}`;
  return { inbound: base, deliveries: `${base}-deliveries`, retry: `${base}-retry` };
}

import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** `2xx` … `5xx` for a response, `none` when there was none (network error, timeout, refused address). */
export function statusClass(statusCode: number | undefined): string {
  return statusCode === undefined ? 'none' : `${Math.floor(statusCode / 100)}xx`;
}

/** The dispatcher's Prometheus metrics, on a registry of its own (served at /metrics). */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly inboundEvents = new Counter({
    name: 'webhook_inbound_events_total',
    help: 'Inbound records read, by family and result (matched, unmatched, duplicate, invalid).',
    labelNames: ['family', 'result'] as const,
    registers: [this.registry],
  });

  readonly deliveriesCreated = new Counter({
    name: 'webhook_deliveries_created_total',
    help: 'Deliveries created from inbound events (one per matching subscription and event).',
    registers: [this.registry],
  });

  readonly deliveriesSpilled = new Counter({
    name: 'webhook_deliveries_spilled_total',
    help: "Deliveries handed to webhooks.deliveries.v1 instead of being delivered directly, by reason (fan_out: the event matched more than DISPATCHER_DIRECT_FANOUT_MAX subscriptions; stalled: their queue stalled; buffer_full: their endpoint was slow while the buffer was full; ordered_retry: an ordered subscription's failed delivery; following: behind one of those).",
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: 'webhook_deliveries_total',
    help: 'Delivery attempts, by outcome (succeeded, retrying, failed, dead) and response status class.',
    labelNames: ['outcome', 'status_class'] as const,
    registers: [this.registry],
  });

  readonly deliveriesSkipped = new Counter({
    name: 'webhook_deliveries_skipped_total',
    help: 'Delivery records dropped without an attempt: the subscription is deleted or disabled, or the attempt is a duplicate this instance finished recently.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly attemptDuration = new Histogram({
    name: 'webhook_attempt_duration_seconds',
    help: 'Duration of delivery attempts (HTTP request and response), by response status class.',
    labelNames: ['status_class'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
    registers: [this.registry],
  });

  readonly inFlight = new Gauge({
    name: 'webhook_in_flight',
    help: 'HTTP deliveries in progress on this instance.',
    registers: [this.registry],
  });

  readonly buffered = new Gauge({
    name: 'webhook_buffered_deliveries',
    help: 'Deliveries taken from Kafka (inbound events and delivery records) and not yet finished on this instance.',
    registers: [this.registry],
  });

  readonly retriesScheduled = new Counter({
    name: 'webhook_retries_scheduled_total',
    help: 'Retries scheduled after a failed attempt (through the retry topics, or in place for ordered subscriptions).',
    registers: [this.registry],
  });

  readonly deliveriesDeferred = new Counter({
    name: 'webhook_deliveries_deferred_total',
    help: 'Delivery records of webhooks.deliveries.v1 handed to a retry tier unattempted (attempt number unchanged) because their slow subscription held a full buffer.',
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: 'webhook_dead_letters_total',
    help: 'Deliveries whose retries were exhausted, written to the dead-letter topic.',
    registers: [this.registry],
  });

  readonly subscriptionsDisabled = new Counter({
    name: 'webhook_subscriptions_disabled_total',
    help: 'Subscriptions this instance disabled, by reason (gone = HTTP 410, failing = sustained failure).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly viewSize = new Gauge({
    name: 'webhook_subscription_view_size',
    help: 'Subscriptions held in the local view of webhooks.subscriptions.v1.',
    registers: [this.registry],
  });

  readonly consumerLag = new Gauge({
    name: 'kafka_consumer_lag_records',
    help: 'Records between the last fetched offset and the high watermark, per consumer and partition.',
    labelNames: ['consumer', 'topic', 'partition'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

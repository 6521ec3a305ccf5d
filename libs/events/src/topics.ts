/** Every Kafka topic name lives here; both apps import them. `KAFKA_TOPIC_PREFIX` isolates parallel runs. */
export const FAMILIES = [
  'artifact',
  'chart',
  'scan',
  'replication',
  'quota',
  'repository',
  'system',
] as const;
export type EventFamily = (typeof FAMILIES)[number];

export const INBOUND_TOPICS: Readonly<Record<EventFamily, string>> = {
  artifact: 'registry.artifact.v1',
  chart: 'registry.chart.v1',
  scan: 'registry.scan.v1',
  replication: 'registry.replication.v1',
  quota: 'registry.quota.v1',
  repository: 'registry.repository.v1',
  system: 'registry.system.v1',
};

export const INTERNAL_TOPICS = {
  /** Compacted; key = subscription id; tombstone on delete. The dispatcher's local view. */
  subscriptions: 'webhooks.subscriptions.v1',
  /** One record per (event, subscription); key = subscription id. */
  deliveries: 'webhooks.deliveries.v1',
  /** Every attempt, success or not; key = subscription id. */
  attempts: 'webhooks.attempts.v1',
  /** Deliveries whose retries are exhausted, with their history. */
  deadLetter: 'webhooks.dead-letter.v1',
  /** Inbound records that failed validation; original bytes kept, reason in a header. */
  invalid: 'registry.invalid.v1',
} as const;

/**
 * Delay tiers for retries. A delivery due at time T waits in the largest tier not longer than
 * T - now and hops to a shorter tier if it is still early, so any schedule works with a fixed set
 * of FIFO topics and a long wait never blocks a short one.
 */
export const RETRY_TIERS_MS = [1_000, 10_000, 60_000, 600_000, 3_600_000] as const;
export const retryTopic = (tierMs: number): string => `webhooks.retry.${tierMs}ms.v1`;

/**
 * The retry tier for a wait of `delayMs`: the largest tier not longer than it, or the smallest tier
 * when the wait is shorter than every tier. A record never waits in a tier longer than its delay,
 * and hops to shorter tiers as its time approaches.
 */
export function tierFor(delayMs: number, tiers: readonly number[] = RETRY_TIERS_MS): number {
  const fitting = tiers.filter((tier) => tier <= delayMs);
  return fitting.length > 0 ? Math.max(...fitting) : Math.min(...tiers);
}

/** Header names on internal and invalid records. */
export const HEADERS = {
  contentType: 'content-type',
  /** On retry tier records: when the retry is due (epoch ms), so the tier never parses the record. */
  notBefore: 'x-not-before',
  invalidReason: 'x-invalid-reason',
  sourceTopic: 'x-source-topic',
  sourcePartition: 'x-source-partition',
  sourceOffset: 'x-source-offset',
} as const;

/** The headers of every JSON record our apps produce. */
export const JSON_RECORD_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  [HEADERS.contentType]: 'application/json',
});

export function prefixed(prefix: string, topic: string): string {
  return `${prefix}${topic}`;
}

export function allTopics(): string[] {
  return [
    ...Object.values(INBOUND_TOPICS),
    ...Object.values(INTERNAL_TOPICS),
    ...RETRY_TIERS_MS.map(retryTopic),
  ];
}

/** Topics that are a table (the latest record per key), kept by Kafka with cleanup.policy=compact. */
export const COMPACTED_TOPICS: ReadonlySet<string> = new Set([INTERNAL_TOPICS.subscriptions]);

/** The named topics, prefixed, with how Kafka must keep them: what an app provisions at boot. */
export function provisionedTopics(
  prefix: string,
  names: readonly string[],
): { name: string; compacted: boolean }[] {
  return names.map((name) => ({ name: prefixed(prefix, name), compacted: COMPACTED_TOPICS.has(name) }));
}

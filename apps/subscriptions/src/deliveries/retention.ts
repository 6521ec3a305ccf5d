/** How much of the delivery log to keep: nothing older than `retentionMs`, at most `maxPerWebhook` per webhook. */
export interface RetentionPolicy {
  retentionMs: number;
  maxPerWebhook: number;
}

export interface SqlQuery {
  sql: string;
  parameters: unknown[];
}

/**
 * One bounded sweep step: deletes up to `batchSize` deliveries that are too old and up to
 * `batchSize` beyond the newest `maxPerWebhook` of their webhook (their attempts go by cascade).
 * The per-webhook cut walks deliveries_webhook_created_idx once per webhook. Run it until it
 * deletes fewer than it may, so one sweep never holds a long transaction.
 */
export function retentionQuery(policy: RetentionPolicy, now: Date, batchSize: number): SqlQuery {
  const cutoff = new Date(now.getTime() - policy.retentionMs).toISOString();
  return {
    sql: `
      DELETE FROM deliveries WHERE id IN (
        (SELECT id FROM deliveries WHERE created_at < $1 LIMIT $3)
        UNION
        (SELECT beyond.id FROM webhooks w
           CROSS JOIN LATERAL (
             SELECT id FROM deliveries WHERE webhook_id = w.id ORDER BY created_at DESC, id DESC OFFSET $2
           ) beyond
         LIMIT $3)
      )`,
    parameters: [cutoff, policy.maxPerWebhook, batchSize],
  };
}

import {
  formatIssues,
  MatchableEvent,
  SubscriptionIndex,
  SubscriptionRecord,
  validateSubscriptionRecord,
} from '@app/events';

export type ApplyResult =
  { change: 'upsert' | 'remove' | 'unchanged' } | { change: 'invalid'; reason: string };

/**
 * The subscriptions this instance knows, built from `webhooks.subscriptions.v1`, plus the ones it
 * disabled itself (410 Gone, sustained failure) ahead of the subscriptions app: such a local
 * disable holds until a newer revision of the subscription arrives, which is the app's answer.
 */
export class SubscriptionState {
  private readonly index = new SubscriptionIndex<SubscriptionRecord>();
  private readonly localDisables = new Map<string, { revision: number; reason: string }>();

  get size(): number {
    return this.index.size;
  }

  get(id: string): SubscriptionRecord | undefined {
    return this.index.get(id);
  }

  /** Enabled subscriptions matching the event. */
  match(event: MatchableEvent): SubscriptionRecord[] {
    return this.index.match(event);
  }

  /** Applies one record of the compacted topic: a JSON value upserts, a null value (tombstone) deletes. */
  apply(key: string | null, value: Buffer | null): ApplyResult {
    if (value === null) {
      if (key === null) return { change: 'invalid', reason: 'tombstone without a key' };
      this.localDisables.delete(key);
      return { change: this.index.remove(key) ? 'remove' : 'unchanged' };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(value.toString('utf8'));
    } catch (error) {
      return { change: 'invalid', reason: `not JSON: ${(error as Error).message}` };
    }
    const result = validateSubscriptionRecord(parsed);
    if (!result.ok) return { change: 'invalid', reason: formatIssues(result.errors) };
    if (key !== null && key !== result.value.id) {
      return { change: 'invalid', reason: `key ${key} differs from the record's id ${result.value.id}` };
    }
    return { change: this.index.upsert(this.withLocalDisable(result.value)) ? 'upsert' : 'unchanged' };
  }

  /** Stops deliveries to a subscription now; the durable change travels through the subscriptions app. */
  disableLocally(id: string, reason: string): void {
    const held = this.index.get(id);
    if (!held || !held.enabled) return;
    this.localDisables.set(id, { revision: held.revision, reason });
    this.index.upsert({ ...held, enabled: false, disabledReason: reason });
  }

  private withLocalDisable(record: SubscriptionRecord): SubscriptionRecord {
    const local = this.localDisables.get(record.id);
    if (!local) return record;
    if (record.revision > local.revision) {
      this.localDisables.delete(record.id);
      return record;
    }
    return { ...record, enabled: false, disabledReason: local.reason };
  }
}

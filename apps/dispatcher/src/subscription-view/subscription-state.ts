import {
  EventType,
  IndexableSubscription,
  MatchableEvent,
  SubscriptionIndex,
  SubscriptionRecord,
  SubscriptionScope,
} from '@app/events';
import { isDeepStrictEqual } from 'node:util';
import { JsonKeyTokens, propertyNamesOf } from './json-key-tokens';
import { RecentCache } from './recent-cache';
import { ArenaSlot, TextArena } from './text-arena';

export type ApplyResult =
  { change: 'upsert' | 'remove' | 'unchanged' } | { change: 'invalid'; reason: string };

/**
 * Parsed records kept for `get` and `match` (at least the 1,024 used last): enough for a fan-out
 * to 1,000 subscriptions, or as many in steady use, and small next to the view (0.7 KB each).
 */
const PARSED_RECORDS = 2_048;
/** Distinct event lists shared between subscriptions; bounded because they come from users. */
const SHARED_EVENT_LISTS = 1_000;

const RECORD_KEYS = new JsonKeyTokens(propertyNamesOf(SubscriptionRecord));

/** What matching yields: enough to route a delivery, without parsing the subscription's record. */
export interface SubscriptionRef {
  readonly id: string;
  readonly ordered: boolean;
}

/**
 * What the view keeps of a subscription on the heap: what matching and routing need, and where the
 * record's JSON is (keys shortened, outside the heap). `enabled` is false while the subscription
 * is disabled locally.
 */
class HeldSubscription implements IndexableSubscription, SubscriptionRef, ArenaSlot {
  constructor(
    readonly id: string,
    readonly revision: number,
    readonly scope: SubscriptionScope,
    readonly events: readonly EventType[],
    readonly enabled: boolean,
    readonly ordered: boolean,
    public at: number,
    readonly length: number,
  ) {}
}

/**
 * The subscriptions this instance knows, built from `webhooks.subscriptions.v1`, plus the ones it
 * disabled itself (410 Gone, sustained failure) ahead of the subscriptions app: such a local
 * disable holds until a newer revision of the subscription arrives, which is the app's answer.
 * The subscriptions app wrote the records from what it validated, so they are trusted: parsed,
 * and skipped only when they lack what the index needs.
 *
 * A parsed record costs about 0.7 KB of heap, so the view holds each one as its JSON text outside
 * the heap instead (about 0.25 KB with the keys shortened, next to 0.28 KB of heap for matching)
 * and parses it again when asked, keeping the most recently used parsed records at hand.
 */
export class SubscriptionState {
  private readonly index = new SubscriptionIndex<HeldSubscription>();
  private readonly texts = new TextArena();
  private readonly parsed = new RecentCache<string, SubscriptionRecord>(PARSED_RECORDS);
  private readonly eventLists = new Map<string, readonly EventType[]>();
  private readonly localDisables = new Map<string, { revision: number; reason: string }>();

  get size(): number {
    return this.index.size;
  }

  get(id: string): SubscriptionRecord | undefined {
    const held = this.index.get(id);
    return held === undefined ? undefined : this.recordOf(held);
  }

  /** Whether the subscription is `ordered` (false for one this instance does not know). */
  isOrdered(id: string): boolean {
    return this.index.get(id)?.ordered ?? false;
  }

  /** Enabled subscriptions matching the event; `get` has the record of one when it is delivered. */
  match(event: MatchableEvent): readonly SubscriptionRef[] {
    return this.index.match(event);
  }

  /** Applies one record of the compacted topic: a JSON value upserts, a null value (tombstone) deletes. */
  apply(key: string | null, value: Buffer | null): ApplyResult {
    if (value === null) {
      if (key === null) return { change: 'invalid', reason: 'tombstone without a key' };
      this.localDisables.delete(key);
      const held = this.index.get(key);
      if (held === undefined) return { change: 'unchanged' };
      this.index.remove(key);
      this.forget(held);
      return { change: 'remove' };
    }
    const json = value.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      return { change: 'invalid', reason: `not JSON: ${(error as Error).message}` };
    }
    if (!isIndexable(parsed)) {
      return { change: 'invalid', reason: 'not a subscription record (id, revision, scope, events)' };
    }
    const record = parsed;
    if (key !== null && key !== record.id) {
      return { change: 'invalid', reason: `key ${key} differs from the record's id ${record.id}` };
    }
    const local = this.localDisables.get(record.id);
    if (local !== undefined && record.revision > local.revision) this.localDisables.delete(record.id);
    const compacted = RECORD_KEYS.compact(json);
    const held = this.index.get(record.id);
    if (held !== undefined && this.isStaleOrReplay(held, record, compacted)) return { change: 'unchanged' };
    const slot = this.texts.write(compacted);
    this.index.upsert(
      new HeldSubscription(
        record.id,
        record.revision,
        record.scope,
        this.sharedEventList(record.events),
        record.enabled && !this.localDisables.has(record.id),
        record.ordered,
        slot.at,
        slot.length,
      ),
    );
    if (held !== undefined) this.forget(held);
    return { change: 'upsert' };
  }

  /** Stops deliveries to a subscription now; the durable change travels through the subscriptions app. */
  disableLocally(id: string, reason: string): void {
    const held = this.index.get(id);
    if (!held || !held.enabled) return;
    this.localDisables.set(id, { revision: held.revision, reason });
    this.index.upsert(
      new HeldSubscription(
        held.id,
        held.revision,
        held.scope,
        held.events,
        false,
        held.ordered,
        held.at,
        held.length,
      ),
    );
    this.parsed.delete(id);
  }

  /** A record older than the held one, or of its revision and the same once parsed (a replay), changes nothing. */
  private isStaleOrReplay(held: HeldSubscription, record: SubscriptionRecord, compacted: string): boolean {
    if (record.revision !== held.revision) return record.revision < held.revision;
    return (
      this.texts.read(held) === compacted ||
      isDeepStrictEqual(this.withLocalDisable(record), this.recordOf(held))
    );
  }

  private recordOf(held: HeldSubscription): SubscriptionRecord {
    let record = this.parsed.get(held.id);
    if (record === undefined) {
      const parsed = JSON.parse(RECORD_KEYS.expand(this.texts.read(held))) as SubscriptionRecord;
      record = this.withLocalDisable(parsed);
      this.parsed.set(held.id, record);
    }
    return record;
  }

  /** The record as this instance sees it: disabled while a local disable holds (only ever on the held revision). */
  private withLocalDisable(record: SubscriptionRecord): SubscriptionRecord {
    const local = this.localDisables.get(record.id);
    return local === undefined ? record : { ...record, enabled: false, disabledReason: local.reason };
  }

  /** Drops a replaced or removed subscription's text, compacting the texts once garbage outweighs them. */
  private forget(held: HeldSubscription): void {
    this.texts.release(held);
    this.parsed.delete(held.id);
    if (this.texts.wasteful) this.texts.compact(this.index.values());
  }

  /** One array per distinct event list: most subscriptions share a few lists. */
  private sharedEventList(events: readonly EventType[]): readonly EventType[] {
    const key = events.join(',');
    let shared = this.eventLists.get(key);
    if (shared === undefined) {
      if (this.eventLists.size >= SHARED_EVENT_LISTS) this.eventLists.clear();
      shared = Object.freeze([...events]);
      this.eventLists.set(key, shared);
    }
    return shared;
  }
}

/** What the index needs of a record, checked so that a foreign record is skipped rather than indexed. */
function isIndexable(value: unknown): value is SubscriptionRecord {
  const record = value as Partial<SubscriptionRecord> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.id === 'string' &&
    typeof record.revision === 'number' &&
    typeof record.scope?.type === 'string' &&
    Array.isArray(record.events) &&
    typeof record.enabled === 'boolean'
  );
}

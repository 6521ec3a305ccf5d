import { isDeepStrictEqual } from 'node:util';
import { EventType } from '../event-types';
import { SubscriptionScope } from '../internal';
import { MatchTarget, namespaceOf, scopeCovers } from './scope';

/** What the index needs of a subscription; callers keep their own richer record type. */
export interface IndexableSubscription {
  id: string;
  revision: number;
  scope: SubscriptionScope;
  events: readonly EventType[];
  enabled: boolean;
}

export interface MatchableEvent {
  type: EventType;
  target?: MatchTarget;
}

/**
 * The subscriptions under one scope key: the subscription itself while it is alone there (the
 * usual case, one subscription per repository), a Set once there are more. A Map per key would
 * cost about 150 bytes of heap for each of 100,000 repositories.
 */
type Bucket<T> = T | Set<T>;

/** Enabled subscriptions to one event type, by scope; a subscription sits in exactly one bucket. */
interface TypeBuckets<T> {
  global: Set<T>;
  byNamespace: Map<string, Bucket<T>>;
  byRepository: Map<string, Bucket<T>>;
}

const membersOf = <T>(bucket: Bucket<T> | undefined): Iterable<T> =>
  bucket === undefined ? [] : bucket instanceof Set ? bucket : [bucket];

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * In-memory view of the subscriptions, indexed by event type and then by scope key, so matching an
 * event looks at the global bucket, one namespace bucket and one repository bucket only; the cost
 * does not grow with subscriptions on other repositories.
 */
export class SubscriptionIndex<T extends IndexableSubscription> {
  private readonly all = new Map<string, T>();
  private readonly byType = new Map<EventType, TypeBuckets<T>>();

  get size(): number {
    return this.all.size;
  }

  get(id: string): T | undefined {
    return this.all.get(id);
  }

  /** Every subscription held, enabled or not, in no particular order. */
  values(): IterableIterator<T> {
    return this.all.values();
  }

  /**
   * Adds or replaces a subscription. A record older than the one held (lower revision) is ignored,
   * as is a replay of the same content. Returns whether the index changed.
   */
  upsert(sub: T): boolean {
    const held = this.all.get(sub.id);
    if (held !== undefined && (sub.revision < held.revision || isDeepStrictEqual(sub, held))) return false;
    if (held !== undefined) this.unindex(held);
    this.all.set(sub.id, sub);
    if (sub.enabled) this.index(sub);
    return true;
  }

  remove(id: string): boolean {
    const held = this.all.get(id);
    if (held === undefined) return false;
    this.unindex(held);
    this.all.delete(id);
    return true;
  }

  /** Enabled subscriptions to the event's type whose scope covers its target, ordered by id. */
  match(event: MatchableEvent): T[] {
    const buckets = this.byType.get(event.type);
    if (buckets === undefined) return [];
    const found = [...buckets.global];
    const namespace = event.target === undefined ? undefined : namespaceOf(event.target);
    if (namespace !== undefined) found.push(...membersOf(buckets.byNamespace.get(namespace)));
    const repository = event.target?.repository;
    if (repository !== undefined) {
      for (const sub of membersOf(buckets.byRepository.get(repository))) {
        if (scopeCovers(sub.scope, event.target)) found.push(sub);
      }
    }
    return found.sort(byId);
  }

  private index(sub: T): void {
    for (const type of sub.events) {
      let buckets = this.byType.get(type);
      if (buckets === undefined) {
        buckets = { global: new Set(), byNamespace: new Map(), byRepository: new Map() };
        this.byType.set(type, buckets);
      }
      if (sub.scope.type === 'global') {
        buckets.global.add(sub);
        continue;
      }
      const [keyed, key] = this.keyedBucketsOf(buckets, sub.scope);
      const bucket = keyed.get(key);
      if (bucket === undefined) keyed.set(key, sub);
      else if (bucket instanceof Set) bucket.add(sub);
      else if (bucket !== sub) keyed.set(key, new Set([bucket, sub]));
    }
  }

  private unindex(sub: T): void {
    for (const type of sub.events) {
      const buckets = this.byType.get(type);
      if (buckets === undefined) continue;
      if (sub.scope.type === 'global') {
        buckets.global.delete(sub);
        continue;
      }
      const [keyed, key] = this.keyedBucketsOf(buckets, sub.scope);
      const bucket = keyed.get(key);
      if (bucket === sub) keyed.delete(key);
      else if (bucket instanceof Set && bucket.delete(sub) && bucket.size === 1) {
        keyed.set(key, bucket.values().next().value!);
      }
    }
  }

  private keyedBucketsOf(
    buckets: TypeBuckets<T>,
    scope: Exclude<SubscriptionScope, { type: 'global' }>,
  ): [Map<string, Bucket<T>>, string] {
    return scope.type === 'namespace'
      ? [buckets.byNamespace, scope.namespace]
      : [buckets.byRepository, scope.repository];
  }
}

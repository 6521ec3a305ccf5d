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

/** Enabled subscriptions to one event type, by scope; a subscription sits in exactly one bucket. */
interface TypeBuckets<T> {
  global: Map<string, T>;
  byNamespace: Map<string, Map<string, T>>;
  byRepository: Map<string, Map<string, T>>;
}

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
    const found = [...buckets.global.values()];
    const namespace = event.target === undefined ? undefined : namespaceOf(event.target);
    if (namespace !== undefined) found.push(...(buckets.byNamespace.get(namespace)?.values() ?? []));
    const repository = event.target?.repository;
    if (repository !== undefined) {
      for (const sub of buckets.byRepository.get(repository)?.values() ?? []) {
        if (scopeCovers(sub.scope, event.target)) found.push(sub);
      }
    }
    return found.sort(byId);
  }

  private bucketOf(type: EventType, scope: SubscriptionScope, create: boolean): Map<string, T> | undefined {
    let buckets = this.byType.get(type);
    if (buckets === undefined) {
      if (!create) return undefined;
      buckets = { global: new Map(), byNamespace: new Map(), byRepository: new Map() };
      this.byType.set(type, buckets);
    }
    if (scope.type === 'global') return buckets.global;
    const [keyed, key] =
      scope.type === 'namespace'
        ? [buckets.byNamespace, scope.namespace]
        : [buckets.byRepository, scope.repository];
    let bucket = keyed.get(key);
    if (bucket === undefined && create) {
      bucket = new Map();
      keyed.set(key, bucket);
    }
    return bucket;
  }

  private index(sub: T): void {
    for (const type of sub.events) this.bucketOf(type, sub.scope, true)!.set(sub.id, sub);
  }

  private unindex(sub: T): void {
    for (const type of sub.events) {
      const bucket = this.bucketOf(type, sub.scope, false);
      bucket?.delete(sub.id);
      if (bucket?.size === 0 && sub.scope.type !== 'global') {
        const buckets = this.byType.get(type)!;
        if (sub.scope.type === 'namespace') buckets.byNamespace.delete(sub.scope.namespace);
        else buckets.byRepository.delete(sub.scope.repository);
      }
    }
  }
}

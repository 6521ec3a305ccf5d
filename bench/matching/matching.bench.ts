import { EventType, SubscriptionIndex, SubscriptionScope } from '@app/events';

interface IndexedSubscription {
  id: string;
  revision: number;
  scope: SubscriptionScope;
  events: EventType[];
  enabled: boolean;
}

export interface MatchingBenchResult {
  subscriptions: number;
  events: number;
  nsPerEvent: number;
  matchesPerEvent: number;
}

const TYPES: EventType[] = ['TAG_PUSH', 'TAG_DELETE', 'SCAN_COMPLETED', 'MANIFEST_PUSH'];

/**
 * The same 1,000 subscriptions the events hit (on 50 namespaces: repository scopes, some with a tag
 * glob, some namespace-wide, a few global), plus `count - 1000` subscriptions on unrelated
 * repositories. Matches per event are then equal at every size, so the ratio shows what unrelated
 * subscriptions cost.
 */
function buildIndex(count: number): SubscriptionIndex<IndexedSubscription> {
  const index = new SubscriptionIndex<IndexedSubscription>();
  for (let i = 0; i < count; i++) {
    const related = i < 1000;
    const namespace = related ? `ns${i % 50}` : `other${i % 5000}`;
    const scope: SubscriptionScope =
      related && i % 100 === 0
        ? { type: 'namespace', namespace }
        : related && i % 500 === 1
          ? { type: 'global' }
          : {
              type: 'repository',
              repository: `${namespace}/repo${i % 200}`,
              ...(i % 3 === 0 ? { tag: 'v*' } : {}),
            };
    index.upsert({
      id: `sub-${i}`,
      revision: 1,
      scope,
      events: [TYPES[i % TYPES.length], 'TAG_PUSH'],
      enabled: true,
    });
  }
  return index;
}

function measure(
  index: SubscriptionIndex<IndexedSubscription>,
  events: number,
): { ns: number; matches: number } {
  const targets = Array.from({ length: 1000 }, (_, i) => {
    const namespace = `ns${i % 50}`;
    return { namespace, repository: `${namespace}/repo${(i * 7) % 200}`, tag: i % 2 ? 'v1.2' : 'latest' };
  });
  let matches = 0;
  for (let i = 0; i < 20_000; i++)
    matches += index.match({ type: 'TAG_PUSH', target: targets[i % 1000] }).length;
  matches = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < events; i++) {
    matches += index.match({ type: TYPES[i % TYPES.length], target: targets[i % targets.length] }).length;
  }
  return { ns: Number(process.hrtime.bigint() - start) / events, matches: matches / events };
}

/** Matching cost per event with 1k and 100k subscriptions in the view (target: 100k within 2× of 1k). */
export async function runMatchingBench(
  sizes: number[] = [1_000, 100_000],
  events = 200_000,
): Promise<MatchingBenchResult[]> {
  return sizes.map((subscriptions) => {
    const { ns, matches } = measure(buildIndex(subscriptions), events);
    return { subscriptions, events, nsPerEvent: Math.round(ns), matchesPerEvent: Number(matches.toFixed(2)) };
  });
}

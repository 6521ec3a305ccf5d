import fc from 'fast-check';
import { EVENT_TYPES, EventType } from '../event-types';
import { SubscriptionScope } from '../internal';
import { MatchTarget, scopeCovers } from './scope';
import { IndexableSubscription, MatchableEvent, SubscriptionIndex } from './subscription-index';

interface Sub extends IndexableSubscription {
  name: string;
}

const sub = (id: string, scope: SubscriptionScope, events: EventType[], extra: Partial<Sub> = {}): Sub => ({
  id,
  revision: 1,
  name: id,
  scope,
  events,
  enabled: true,
  ...extra,
});

const pushTo = (repository: string, tag?: string): MatchableEvent => ({
  type: 'TAG_PUSH',
  target: { namespace: repository.split('/')[0], repository, tag },
});
const ids = (subs: Sub[]) => subs.map((s) => s.id);

describe('SubscriptionIndex', () => {
  it('matches by type and scope, ordered by id', () => {
    const index = new SubscriptionIndex<Sub>();
    index.upsert(sub('d-global', { type: 'global' }, ['TAG_PUSH']));
    index.upsert(sub('c-ns', { type: 'namespace', namespace: 'foo' }, ['TAG_PUSH', 'QUOTA_EXCEEDED']));
    index.upsert(sub('b-repo', { type: 'repository', repository: 'foo/bar' }, ['TAG_PUSH']));
    index.upsert(sub('a-tagged', { type: 'repository', repository: 'foo/bar', tag: 'v*' }, ['TAG_PUSH']));
    index.upsert(sub('e-other-ns', { type: 'namespace', namespace: 'baz' }, ['TAG_PUSH']));
    index.upsert(sub('f-pull', { type: 'global' }, ['TAG_PULL']));

    expect(ids(index.match(pushTo('foo/bar', 'v1')))).toEqual(['a-tagged', 'b-repo', 'c-ns', 'd-global']);
    expect(ids(index.match(pushTo('foo/bar', 'latest')))).toEqual(['b-repo', 'c-ns', 'd-global']);
    expect(ids(index.match(pushTo('foo/qux', 'v1')))).toEqual(['c-ns', 'd-global']);
    expect(ids(index.match(pushTo('baz/bar', 'v1')))).toEqual(['d-global', 'e-other-ns']);
    expect(ids(index.match({ type: 'QUOTA_EXCEEDED', target: { namespace: 'foo' } }))).toEqual(['c-ns']);
    expect(ids(index.match({ type: 'SCANNER_UPDATE_COMPLETED' }))).toEqual([]);
    expect(index.size).toBe(6);
  });

  it('ignores older revisions and replays, applies newer ones', () => {
    const index = new SubscriptionIndex<Sub>();
    expect(
      index.upsert(sub('s', { type: 'namespace', namespace: 'foo' }, ['TAG_PUSH'], { revision: 2 })),
    ).toBe(true);
    expect(index.upsert(sub('s', { type: 'global' }, ['TAG_PUSH'], { revision: 1 }))).toBe(false);
    expect(
      index.upsert(sub('s', { type: 'namespace', namespace: 'foo' }, ['TAG_PUSH'], { revision: 2 })),
    ).toBe(false);
    expect(index.get('s')?.scope).toEqual({ type: 'namespace', namespace: 'foo' });
    expect(ids(index.match(pushTo('other/x')))).toEqual([]);

    expect(
      index.upsert(sub('s', { type: 'repository', repository: 'other/x' }, ['TAG_DELETE'], { revision: 3 })),
    ).toBe(true);
    expect(index.get('s')?.revision).toBe(3);
    // The old buckets are gone: no stale match on the old scope or the old event type.
    expect(ids(index.match(pushTo('foo/bar')))).toEqual([]);
    expect(ids(index.match({ ...pushTo('other/x'), type: 'TAG_DELETE' }))).toEqual(['s']);
    expect(index.size).toBe(1);
  });

  it('applies a same-revision record whose content differs', () => {
    const index = new SubscriptionIndex<Sub>();
    index.upsert(sub('s', { type: 'global' }, ['TAG_PUSH']));
    expect(index.upsert(sub('s', { type: 'global' }, ['TAG_PUSH'], { name: 'renamed' }))).toBe(true);
    expect(index.get('s')?.name).toBe('renamed');
  });

  it('returns only enabled subscriptions, and re-enables', () => {
    const index = new SubscriptionIndex<Sub>();
    index.upsert(sub('off', { type: 'global' }, ['TAG_PUSH'], { enabled: false }));
    index.upsert(sub('on', { type: 'global' }, ['TAG_PUSH']));
    expect(ids(index.match(pushTo('foo/bar')))).toEqual(['on']);
    expect(index.get('off')?.enabled).toBe(false);
    expect([...index.values()].map((s) => s.id).sort()).toEqual(['off', 'on']);
    index.upsert(sub('off', { type: 'global' }, ['TAG_PUSH'], { revision: 2 }));
    index.upsert(sub('on', { type: 'global' }, ['TAG_PUSH'], { revision: 2, enabled: false }));
    expect(ids(index.match(pushTo('foo/bar')))).toEqual(['off']);
  });

  it('removes', () => {
    const index = new SubscriptionIndex<Sub>();
    index.upsert(sub('r', { type: 'repository', repository: 'foo/bar' }, ['TAG_PUSH', 'TAG_PUSH']));
    expect(index.remove('r')).toBe(true);
    expect(index.remove('r')).toBe(false);
    expect(index.get('r')).toBeUndefined();
    expect(index.size).toBe(0);
    expect(index.match(pushTo('foo/bar'))).toEqual([]);
    // A later record with the same id is a new subscription.
    expect(index.upsert(sub('r', { type: 'global' }, ['TAG_PUSH']))).toBe(true);
    expect(ids(index.match(pushTo('foo/bar')))).toEqual(['r']);
  });

  it('keeps subscriptions that share a repository or namespace apart as they come and go', () => {
    const index = new SubscriptionIndex<Sub>();
    const onRepo = ['r1', 'r2', 'r3'].map((id) =>
      sub(id, { type: 'repository', repository: 'foo/bar' }, ['TAG_PUSH', 'TAG_PUSH']),
    );
    const onNamespace = ['n1', 'n2'].map((id) =>
      sub(id, { type: 'namespace', namespace: 'foo' }, ['TAG_PUSH']),
    );
    for (const s of [...onRepo, ...onNamespace]) index.upsert(s);
    expect(ids(index.match(pushTo('foo/bar')))).toEqual(['n1', 'n2', 'r1', 'r2', 'r3']);
    index.remove('r2');
    index.remove('n1');
    expect(ids(index.match(pushTo('foo/bar')))).toEqual(['n2', 'r1', 'r3']);
    index.remove('r1');
    expect(ids(index.match(pushTo('foo/bar')))).toEqual(['n2', 'r3']);
    index.upsert(sub('r1', { type: 'repository', repository: 'foo/bar' }, ['TAG_PUSH'], { revision: 2 }));
    index.upsert(sub('r3', { type: 'repository', repository: 'foo/other' }, ['TAG_PUSH'], { revision: 2 }));
    index.remove('n2');
    expect(ids(index.match(pushTo('foo/bar')))).toEqual(['r1']);
    expect(ids(index.match(pushTo('foo/other')))).toEqual(['r3']);
    index.remove('r1');
    index.remove('r3');
    expect(index.match(pushTo('foo/bar'))).toEqual([]);
    expect(index.match(pushTo('foo/other'))).toEqual([]);
    expect(index.size).toBe(0);
  });

  it('does not look at subscriptions on other repositories or namespaces', () => {
    const index = new SubscriptionIndex<Sub>();
    let scopeReads = 0;
    const counted = (s: Sub): Sub =>
      Object.defineProperty({ ...s }, 'scope', {
        get: () => {
          scopeReads++;
          return s.scope;
        },
        enumerable: true,
      });
    for (let i = 0; i < 100_000; i++) {
      const scope: SubscriptionScope =
        i % 2 === 0
          ? { type: 'repository', repository: `team${i % 500}/app${i}` }
          : { type: 'namespace', namespace: `team${i % 500}` };
      index.upsert(counted(sub(`s${i}`, scope, ['TAG_PUSH'])));
    }
    index.upsert(
      counted(sub('mine', { type: 'repository', repository: 'foo/bar', tag: 'v*' }, ['TAG_PUSH'])),
    );
    scopeReads = 0;
    expect(ids(index.match(pushTo('foo/bar', 'v1')))).toEqual(['mine']);
    expect(scopeReads).toBeLessThanOrEqual(1);
  });

  it('agrees with a brute-force filter over scopeCovers (property)', () => {
    const namespaces = ['foo', 'bar'];
    const repositories = ['foo/a', 'foo/b', 'bar/a', 'bar/a/deep'];
    const tags = ['v1', 'v2', 'latest', '1.0'];
    const types: EventType[] = ['TAG_PUSH', 'MANIFEST_PUSH', 'QUOTA_EXCEEDED', 'SCANNER_UPDATE_COMPLETED'];
    const scope = fc.oneof(
      fc.constant<SubscriptionScope>({ type: 'global' }),
      fc
        .constantFrom(...namespaces)
        .map((namespace): SubscriptionScope => ({ type: 'namespace', namespace })),
      fc
        .record({
          repository: fc.constantFrom(...repositories),
          tag: fc.option(fc.constantFrom('v*', '*', 'v?', 'latest', '1.?'), { nil: undefined }),
        })
        .map(({ repository, tag }): SubscriptionScope =>
          tag === undefined ? { type: 'repository', repository } : { type: 'repository', repository, tag },
        ),
    );
    const record = fc.record({
      id: fc.constantFrom(...Array.from({ length: 30 }, (_, i) => `sub-${i}`)),
      revision: fc.integer({ min: 1, max: 4 }),
      scope,
      events: fc.subarray([...types, ...EVENT_TYPES.slice(1, 3)], { minLength: 1 }),
      enabled: fc.boolean(),
      name: fc.constant('n'),
    });
    const target: fc.Arbitrary<MatchTarget | undefined> = fc.option(
      fc.oneof(
        fc.constantFrom(...namespaces).map((namespace) => ({ namespace })),
        fc
          .record({
            repository: fc.constantFrom(...repositories),
            tag: fc.option(fc.constantFrom(...tags), { nil: undefined }),
          })
          .map(({ repository, tag }) => ({
            namespace: repository.split('/')[0],
            repository,
            ...(tag === undefined ? {} : { tag }),
          })),
      ),
      { nil: undefined },
    );
    const operation = fc.oneof(
      { weight: 4, arbitrary: record.map((r) => ({ upsert: r as Sub })) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...Array.from({ length: 30 }, (_, i) => `sub-${i}`))
          .map((id) => ({ remove: id })),
      },
    );
    const event = fc.record({ type: fc.constantFrom(...types, 'TAG_PULL' as EventType), target });

    fc.assert(
      fc.property(
        fc.array(operation, { maxLength: 80 }),
        fc.array(event, { minLength: 1, maxLength: 10 }),
        (operations, events) => {
          const index = new SubscriptionIndex<Sub>();
          const model = new Map<string, Sub>();
          for (const op of operations) {
            if ('upsert' in op) {
              const held = model.get(op.upsert.id);
              if (held === undefined || op.upsert.revision >= held.revision)
                model.set(op.upsert.id, op.upsert);
              index.upsert(op.upsert);
            } else {
              model.delete(op.remove);
              index.remove(op.remove);
            }
          }
          for (const e of events) {
            const expected = [...model.values()]
              .filter((s) => s.enabled && s.events.includes(e.type) && scopeCovers(s.scope, e.target))
              .map((s) => s.id)
              .sort();
            expect(ids(index.match(e))).toEqual(expected);
          }
          expect(index.size).toBe(model.size);
        },
      ),
      { numRuns: 300 },
    );
  });
});

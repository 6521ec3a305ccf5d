import { CanonicalEvent, scopeCovers, SubscriptionRecord } from '@app/events';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { event, subscription } from '../testing/fixtures';
import { ApplyResult, SubscriptionState } from './subscription-state';
import { TextArena } from './text-arena';

const bytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe('SubscriptionState', () => {
  it('upserts valid records and matches them', () => {
    const state = new SubscriptionState();
    expect(state.apply('sub-1', bytes(subscription()))).toEqual({ change: 'upsert' });
    expect(state.size).toBe(1);
    expect(state.match(event()).map((s) => s.id)).toEqual(['sub-1']);
  });

  it('matches to what routing needs, without the record', () => {
    const state = new SubscriptionState();
    state.apply('sub-1', bytes(subscription({ ordered: true })));
    state.apply('sub-2', bytes(subscription({ id: 'sub-2' })));
    expect(state.match(event()).map(({ id, ordered }) => ({ id, ordered }))).toEqual([
      { id: 'sub-1', ordered: true },
      { id: 'sub-2', ordered: false },
    ]);
    expect(state.match(event())[0]).not.toHaveProperty('target');
    expect([state.isOrdered('sub-1'), state.isOrdered('sub-2'), state.isOrdered('gone')]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('removes on a tombstone', () => {
    const state = new SubscriptionState();
    state.apply('sub-1', bytes(subscription()));
    expect(state.apply('sub-1', null)).toEqual({ change: 'remove' });
    expect(state.get('sub-1')).toBeUndefined();
    expect(state.match(event())).toEqual([]);
  });

  it('skips invalid records and keeps what it had', () => {
    const state = new SubscriptionState();
    state.apply('sub-1', bytes(subscription()));
    expect(state.apply('sub-1', Buffer.from('{nope'))).toMatchObject({ change: 'invalid' });
    expect(state.apply('sub-1', bytes({ ...subscription(), events: 'TAG_PUSH' }))).toMatchObject({
      change: 'invalid',
      reason: expect.stringContaining('not a subscription record'),
    });
    expect(state.apply('other', bytes(subscription()))).toMatchObject({
      change: 'invalid',
      reason: expect.stringContaining('differs'),
    });
    expect(state.get('sub-1')?.target.url).toBe('https://hooks.example.com/in');
  });

  it('ignores an older revision', () => {
    const state = new SubscriptionState();
    state.apply('sub-1', bytes(subscription({ revision: 3, name: 'newer' })));
    expect(state.apply('sub-1', bytes(subscription({ revision: 2, name: 'older' })))).toEqual({
      change: 'unchanged',
    });
    expect(state.get('sub-1')?.name).toBe('newer');
  });

  it('a local disable stops matching until a newer revision arrives, even if the same revision is replayed', () => {
    const state = new SubscriptionState();
    state.apply('sub-1', bytes(subscription({ revision: 4 })));
    state.disableLocally('sub-1', 'HTTP 410 Gone from https://hooks.example.com');
    expect(state.match(event())).toEqual([]);
    expect(state.get('sub-1')).toMatchObject({
      enabled: false,
      disabledReason: 'HTTP 410 Gone from https://hooks.example.com',
    });
    state.apply('sub-1', bytes(subscription({ revision: 4 })));
    expect(state.get('sub-1')?.enabled).toBe(false);
    state.apply('sub-1', bytes(subscription({ revision: 5, enabled: true })));
    expect(state.get('sub-1')?.enabled).toBe(true);
    expect(state.match(event())).toHaveLength(1);
  });
});

describe('SubscriptionState, records held as text', () => {
  const repositoryRecord = (i: number, overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord =>
    subscription({
      id: `sub-${String(i).padStart(5, '0')}`,
      name: `hook ${i} ✓`,
      scope: { type: 'repository', repository: `team/r${i}` },
      ...overrides,
    });
  const pushTo = (repository: string) =>
    event({ target: { ...event().target, namespace: 'team', repository } } as Partial<CanonicalEvent>);

  it('gives back each record as it was, key order and unknown fields included, long after parsing it', () => {
    const state = new SubscriptionState();
    const records = Array.from({ length: 5_000 }, (_, i) =>
      i % 2 === 0
        ? repositoryRecord(i)
        : { extra: { note: 'kept' }, ...repositoryRecord(i), retry: { scheduleMs: [i] } },
    );
    for (const record of records) expect(state.apply(record.id, bytes(record))).toEqual({ change: 'upsert' });
    for (const record of records) {
      const held = state.get(record.id);
      expect(held).toEqual(record);
      expect(Object.keys(held!)).toEqual(Object.keys(record));
    }
    expect(state.match(pushTo('team/r4999')).map((s) => s.id)).toEqual([records[4999].id]);
  });

  it('a replay of the same revision with the same content is unchanged, however it is written', () => {
    const state = new SubscriptionState();
    const record = repositoryRecord(1, { revision: 2 });
    state.apply(record.id, bytes(record));
    expect(state.apply(record.id, bytes(record))).toEqual({ change: 'unchanged' });
    const { id, ...rest } = record;
    const reordered = Buffer.from(JSON.stringify({ ...rest, id }, null, 2));
    expect(state.apply(record.id, reordered)).toEqual({ change: 'unchanged' });
    expect(state.apply(record.id, bytes({ ...record, name: 'renamed' }))).toEqual({ change: 'upsert' });
    expect(state.get(record.id)?.name).toBe('renamed');
  });

  it('a same-revision record that differs only in what a local disable overrides is unchanged', () => {
    const state = new SubscriptionState();
    const record = repositoryRecord(1, { revision: 3 });
    state.apply(record.id, bytes(record));
    state.disableLocally(record.id, 'HTTP 410 Gone');
    const disabledByTheApp = { ...record, enabled: false, disabledReason: 'by the app' };
    expect(state.apply(record.id, bytes(disabledByTheApp))).toEqual({ change: 'unchanged' });
    expect(state.get(record.id)).toEqual({ ...record, enabled: false, disabledReason: 'HTTP 410 Gone' });
  });

  it('keeps a local disable for a record no longer among the parsed ones', () => {
    const state = new SubscriptionState();
    const records = Array.from({ length: 5_000 }, (_, i) => repositoryRecord(i));
    for (const record of records) state.apply(record.id, bytes(record));
    state.disableLocally(records[0].id, 'sustained failure');
    for (const record of records) state.get(record.id);
    expect(state.get(records[0].id)).toMatchObject({ enabled: false, disabledReason: 'sustained failure' });
    expect(state.match(pushTo('team/r0'))).toEqual([]);
  });

  it('matches only enabled subscriptions, and gets disabled ones', () => {
    const state = new SubscriptionState();
    state.apply('sub-00001', bytes(repositoryRecord(1, { enabled: false, disabledReason: 'paused' })));
    state.apply(
      'sub-00002',
      bytes(repositoryRecord(2, { scope: { type: 'repository', repository: 'team/r1' } })),
    );
    expect(state.match(pushTo('team/r1')).map((s) => s.id)).toEqual(['sub-00002']);
    expect(state.get('sub-00001')).toMatchObject({ enabled: false, disabledReason: 'paused' });
  });

  it('stays right through many replacements and deletions (its text storage compacts meanwhile)', () => {
    const compact = jest.spyOn(TextArena.prototype, 'compact');
    const state = new SubscriptionState();
    const padding = 'x'.repeat(400);
    for (let revision = 1; revision <= 6; revision++) {
      for (let i = 0; i < 1_000; i++) {
        const record = repositoryRecord(i, { revision, name: `r${revision} ${padding}` });
        state.apply(record.id, bytes(record));
      }
      for (let i = 0; i < 1_000; i += 10 * revision) state.apply(repositoryRecord(i).id, null);
    }
    const survivors = Array.from({ length: 1_000 }, (_, i) => i).filter((i) =>
      state.get(repositoryRecord(i).id),
    );
    expect(state.size).toBe(survivors.length);
    for (const i of survivors) {
      expect(state.get(repositoryRecord(i).id)).toEqual(
        repositoryRecord(i, { revision: 6, name: `r6 ${padding}` }),
      );
      expect(state.match(pushTo(`team/r${i}`)).map((s) => s.id)).toEqual([repositoryRecord(i).id]);
    }
    expect(survivors.length).toBeGreaterThan(800);
    expect(compact).toHaveBeenCalled();
    compact.mockRestore();
  });

  it('agrees with a model that holds the parsed records (property)', () => {
    /** The view as it was before it held text: parsed records, local disables baked in. */
    class ParsedModel {
      readonly records = new Map<string, SubscriptionRecord>();
      private readonly localDisables = new Map<string, { revision: number; reason: string }>();

      apply(record: SubscriptionRecord): ApplyResult {
        const local = this.localDisables.get(record.id);
        let effective = record;
        if (local !== undefined && record.revision > local.revision) this.localDisables.delete(record.id);
        else if (local !== undefined) effective = { ...record, enabled: false, disabledReason: local.reason };
        const held = this.records.get(record.id);
        if (held && (record.revision < held.revision || isDeepStrictEqual(effective, held))) {
          return { change: 'unchanged' };
        }
        this.records.set(record.id, effective);
        return { change: 'upsert' };
      }

      remove(id: string): ApplyResult {
        this.localDisables.delete(id);
        return { change: this.records.delete(id) ? 'remove' : 'unchanged' };
      }

      disableLocally(id: string, reason: string): void {
        const held = this.records.get(id);
        if (!held || !held.enabled) return;
        this.localDisables.set(id, { revision: held.revision, reason });
        this.records.set(id, { ...held, enabled: false, disabledReason: reason });
      }
    }
    const ids = ['sub-a', 'sub-b', 'sub-c', 'sub-d'];
    const repositories = ['team/r1', 'team/r2'];
    const record = fc
      .record({
        id: fc.constantFrom(...ids),
        revision: fc.integer({ min: 1, max: 3 }),
        name: fc.constantFrom('one', 'two'),
        repository: fc.constantFrom(...repositories),
        enabled: fc.boolean(),
        reason: fc.option(fc.constantFrom('paused'), { nil: undefined }),
      })
      .map(({ id, revision, name, repository, enabled, reason }) =>
        subscription({
          id,
          revision,
          name,
          scope: { type: 'repository', repository },
          enabled,
          ...(reason === undefined ? {} : { disabledReason: reason }),
        }),
      );
    const operation = fc.oneof(
      { weight: 5, arbitrary: record.map((upsert) => ({ upsert })) },
      { weight: 1, arbitrary: fc.constantFrom(...ids).map((remove) => ({ remove })) },
      { weight: 2, arbitrary: fc.constantFrom(...ids).map((disable) => ({ disable })) },
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), (operations) => {
        const state = new SubscriptionState();
        const model = new ParsedModel();
        for (const op of operations) {
          if ('upsert' in op)
            expect(state.apply(op.upsert.id, bytes(op.upsert))).toEqual(model.apply(op.upsert));
          else if ('remove' in op) expect(state.apply(op.remove, null)).toEqual(model.remove(op.remove));
          else {
            state.disableLocally(op.disable, 'HTTP 410 Gone');
            model.disableLocally(op.disable, 'HTTP 410 Gone');
          }
        }
        for (const id of ids) expect(state.get(id)).toEqual(model.records.get(id));
        for (const repository of repositories) {
          const expected = [...model.records.values()]
            .filter((s) => s.enabled && scopeCovers(s.scope, { namespace: 'team', repository }))
            .map((s) => s.id)
            .sort();
          expect(state.match(pushTo(repository)).map((s) => s.id)).toEqual(expected);
        }
        expect(state.size).toBe(model.records.size);
      }),
      { numRuns: 300 },
    );
  });
});

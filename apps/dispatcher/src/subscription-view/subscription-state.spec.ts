import { event, subscription } from '../testing/fixtures';
import { SubscriptionState } from './subscription-state';

const bytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe('SubscriptionState', () => {
  it('upserts valid records and matches them', () => {
    const state = new SubscriptionState();
    expect(state.apply('sub-1', bytes(subscription()))).toEqual({ change: 'upsert' });
    expect(state.size).toBe(1);
    expect(state.match(event()).map((s) => s.id)).toEqual(['sub-1']);
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
    expect(state.apply('sub-1', bytes({ ...subscription(), target: 'x' }))).toMatchObject({
      change: 'invalid',
      reason: expect.stringContaining('/target'),
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

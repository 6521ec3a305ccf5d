import { EVENT_TYPES } from '@app/events';
import { FIXTURE_EVENTS, FIXTURE_NOW, fixtureContext } from '../__fixtures__/fixtures';
import { formatEvent, formatPing } from '../registry';

const ctx = fixtureContext('default');

describe('DefaultFormatter', () => {
  it.each(EVENT_TYPES)('%s: the canonical event, unchanged', (type) => {
    const payload = formatEvent(FIXTURE_EVENTS[type], ctx);
    expect(payload.headers).toEqual({ 'content-type': 'application/json' });
    expect(payload.body).toBe(JSON.stringify(FIXTURE_EVENTS[type]));
  });

  it('pings with a PING event naming the subscription', () => {
    expect(JSON.parse(formatPing(ctx, FIXTURE_NOW).body)).toEqual({
      specversion: '1',
      id: ctx.deliveryId,
      type: 'PING',
      occurredAt: '2026-11-22T12:00:00.000Z',
      source: 'registry-webhooks',
      data: { subscription: { id: ctx.subscription.id, name: 'buildhook01' } },
    });
  });
});

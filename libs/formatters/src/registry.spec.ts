import { FORMATS } from '@app/events';
import { FIXTURE_EVENTS, FIXTURE_NOW, fixtureContext } from './__fixtures__/fixtures';
import type { DeliveryContext } from './formatter';
import {
  CHAT_FORMATTERS,
  formatEvent,
  formatPing,
  formatterFor,
  HTTP_FORMATTERS,
  sendsEventAsIs,
} from './registry';

describe('formatter registry', () => {
  it('picks the HTTP format of an http target', () => {
    for (const format of FORMATS) {
      const { subscription } = fixtureContext(format);
      expect(formatterFor(subscription)).toBe(HTTP_FORMATTERS[format]);
    }
  });

  it('picks the channel of a chat target whatever the format says', () => {
    for (const channel of ['slack', 'teams', 'discord'] as const) {
      const { subscription } = fixtureContext(channel);
      expect(formatterFor({ ...subscription, format: 'harbor' })).toBe(CHAT_FORMATTERS[channel]);
    }
    const harborSlack: DeliveryContext = {
      ...fixtureContext('slack'),
      subscription: { ...fixtureContext('slack').subscription, format: 'harbor' },
    };
    expect(formatEvent(FIXTURE_EVENTS.TAG_PUSH, harborSlack)).toEqual(
      formatEvent(FIXTURE_EVENTS.TAG_PUSH, fixtureContext('slack')),
    );
  });

  it('says which subscriptions get the event as it is: exactly those whose body is its JSON', () => {
    for (const target of [...FORMATS, 'slack', 'teams', 'discord'] as const) {
      const context = fixtureContext(target);
      for (const event of Object.values(FIXTURE_EVENTS)) {
        const asIs = formatEvent(event, context).body === JSON.stringify(event);
        expect([target, event.type, sendsEventAsIs(context.subscription)]).toEqual([
          target,
          event.type,
          asIs,
        ]);
      }
    }
  });

  it('pings with the delivery id and the given clock', () => {
    const ping = JSON.parse(formatPing(fixtureContext('acr'), FIXTURE_NOW).body);
    expect(ping).toEqual({
      id: fixtureContext('acr').deliveryId,
      timestamp: FIXTURE_NOW.toISOString(),
      action: 'ping',
    });
  });

  it('pings at the current time by default', () => {
    const before = Date.now();
    const { occurredAt } = JSON.parse(formatPing(fixtureContext('default')).body);
    expect(Date.parse(occurredAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(occurredAt)).toBeLessThanOrEqual(Date.now());
  });
});

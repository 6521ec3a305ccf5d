import { CloudEvent, HTTP } from 'cloudevents';
import { EVENT_TYPES, type CanonicalEvent } from '@app/events';
import { FIXTURE_EVENTS, FIXTURE_NOW, fixtureContext } from '../__fixtures__/fixtures';
import { formatEvent, formatPing } from '../registry';
import { TYPE_NAMES } from '../type-names';
import { CLOUDEVENTS_CONTENT_TYPE, toHeaderValue, toUriReference } from './cloudevents.formatter';

const structured = fixtureContext('cloudevents');
const binary = fixtureContext('cloudevents-binary');

/** Parsed by the cloudevents SDK, which is lenient when parsing; validate() applies the spec's JSON Schema. */
function parse(payload: { headers: Record<string, string>; body: string }): CloudEvent<unknown> {
  const event = HTTP.toEvent<unknown>({ headers: payload.headers, body: payload.body });
  if (!(event instanceof CloudEvent)) throw new Error('expected one CloudEvent');
  expect(event.validate()).toBe(true);
  return event;
}

const dataOf = (event: CanonicalEvent) =>
  JSON.parse(
    JSON.stringify({
      type: event.type,
      actor: event.actor,
      target: event.target,
      request: event.request,
      data: event.data,
    }),
  );

describe('CloudEventsFormatter', () => {
  describe.each([
    ['structured', structured],
    ['binary', binary],
  ])('%s mode, read back with the cloudevents SDK', (_mode, ctx) => {
    it.each(EVENT_TYPES)('%s', (type) => {
      const event = FIXTURE_EVENTS[type];
      const ce = parse(formatEvent(event, ctx));
      expect(ce.specversion).toBe('1.0');
      expect(ce.id).toBe(event.id);
      expect(ce.source).toBe(event.source);
      expect(ce.type).toBe(TYPE_NAMES[type].cloudevents);
      expect(Date.parse(ce.time as string)).toBe(Date.parse(event.occurredAt));
      expect(ce.datacontenttype).toBe('application/json');
      expect(ce.data).toEqual(dataOf(event));
    });

    it('ping', () => {
      const ce = parse(formatPing(ctx, FIXTURE_NOW));
      expect(ce.type).toBe('io.registry.ping');
      expect(ce.id).toBe(ctx.deliveryId);
      expect(ce.subject).toBe(ctx.subscription.name);
      expect(ce.data).toEqual({ subscription: { id: ctx.subscription.id, name: ctx.subscription.name } });
    });
  });

  it('sets subject to repository:tag, the repository, the namespace, or nothing', () => {
    const subject = (type: keyof typeof FIXTURE_EVENTS) =>
      parse(formatEvent(FIXTURE_EVENTS[type], structured)).subject;
    expect(subject('TAG_PUSH')).toBe('acme/payments-api:2.4.1');
    expect(subject('MANIFEST_PUSH')).toBe('acme/payments-api');
    expect(subject('QUOTA_WARNING')).toBe('acme');
    expect(subject('SCANNER_UPDATE_COMPLETED')).toBeUndefined();
  });

  it('uses the structured media type, and ce- headers with the data as body in binary mode', () => {
    const event = FIXTURE_EVENTS.TAG_PUSH;
    expect(formatEvent(event, structured).headers).toEqual({ 'content-type': CLOUDEVENTS_CONTENT_TYPE });
    const payload = formatEvent(event, binary);
    expect(payload.headers).toEqual({
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': event.id,
      'ce-source': 'registry.example.com',
      'ce-type': 'io.registry.artifact.tag.pushed',
      'ce-time': event.occurredAt,
      'ce-subject': 'acme/payments-api:2.4.1',
    });
    expect(JSON.parse(payload.body)).toEqual(dataOf(event));
  });

  it('makes a source that is not a URI-reference into one, in both modes', () => {
    const event = { ...FIXTURE_EVENTS.TAG_PUSH, source: 'my registry%:5000/ü"<>' };
    expect(parse(formatEvent(event, structured)).source).toBe('my%20registry%25:5000/%C3%BC%22%3C%3E');
    expect(parse(formatEvent(event, binary)).source).toBe(
      'my%2520registry%2525:5000/%25C3%25BC%2522%253C%253E',
    );
  });

  it('percent-encodes header values as the HTTP binding says, keeping valid escapes in a URI', () => {
    expect(toHeaderValue('a b"c%d\u00e9')).toBe('a%20b%22c%25d%C3%A9');
    expect(toHeaderValue('acme/payments-api:2.4.1')).toBe('acme/payments-api:2.4.1');
    expect(toUriReference('registry.example.com:5000')).toBe('registry.example.com:5000');
    expect(toUriReference('a%20b c')).toBe('a%20b%20c');
    expect(toUriReference('\ud800')).toBe('%EF%BF%BD');
  });
});

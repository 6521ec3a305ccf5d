import { EVENT_TYPES, type CanonicalEvent } from '@app/events';
import { FIXTURE_EVENTS, FIXTURE_NOW, fixtureContext } from '../__fixtures__/fixtures';
import { formatEvent, formatPing } from '../registry';
import { hasNativeName, typeNameIn } from '../type-names';
import { DISTRIBUTION_CONTENT_TYPE } from './distribution.formatter';

const ctx = fixtureContext('distribution');
const events = (event: CanonicalEvent): any[] => JSON.parse(formatEvent(event, ctx).body).events;

describe('DistributionFormatter', () => {
  it.each(EVENT_TYPES)('%s: one event in the envelope, with Distribution’s action or our name', (type) => {
    const payload = formatEvent(FIXTURE_EVENTS[type], ctx);
    expect(payload.headers).toEqual({ 'content-type': DISTRIBUTION_CONTENT_TYPE });
    const body = JSON.parse(payload.body);
    expect(Object.keys(body)).toEqual(['events']);
    expect(body.events).toHaveLength(1);
    const [event] = body.events;
    expect(event.action).toBe(typeNameIn('distribution', type));
    expect(event.source).toEqual({ addr: 'registry.example.com', instanceID: 'registry-webhooks' });
    if (hasNativeName('distribution', type)) expect(event).not.toHaveProperty('data');
    else expect(event.data).toEqual(FIXTURE_EVENTS[type].data);
  });

  it('sends a push as Distribution does', () => {
    const source = FIXTURE_EVENTS.TAG_PUSH;
    expect(events(source)[0]).toEqual({
      id: source.id,
      timestamp: source.occurredAt,
      action: 'push',
      target: {
        mediaType: source.target.mediaType,
        digest: source.target.digest,
        size: 1843,
        length: 1843,
        repository: 'acme/payments-api',
        url: `https://registry.example.com/v2/acme/payments-api/manifests/${source.target.digest}`,
        tag: '2.4.1',
        references: source.data.references,
      },
      request: source.request,
      actor: { name: 'alice' },
      source: { addr: 'registry.example.com', instanceID: 'registry-webhooks' },
    });
  });

  it('sends deletes with the reduced target', () => {
    expect(Object.keys(events(FIXTURE_EVENTS.MANIFEST_DELETE)[0].target)).toEqual([
      'mediaType',
      'digest',
      'repository',
    ]);
    expect(events(FIXTURE_EVENTS.TAG_DELETE)[0].target.tag).toBe('2.3.0');
  });

  it('names a promotion’s source repository fromRepository, and sends an empty actor when there is none', () => {
    expect(events(FIXTURE_EVENTS.PROMOTION)[0].target.fromRepository).toBe('acme/payments-api');
    const { actor, ...anonymous } = FIXTURE_EVENTS.TAG_PULL;
    expect(actor).toBeDefined();
    expect(events(anonymous)[0].actor).toEqual({});
  });

  it('pings with a ping event in the envelope', () => {
    expect(JSON.parse(formatPing(ctx, FIXTURE_NOW).body)).toEqual({
      events: [{ id: ctx.deliveryId, timestamp: '2026-11-22T12:00:00.000Z', action: 'ping' }],
    });
  });
});

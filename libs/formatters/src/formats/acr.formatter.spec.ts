import { EVENT_TYPES, type CanonicalEvent } from '@app/events';
import { FIXTURE_EVENTS, FIXTURE_NOW, fixtureContext } from '../__fixtures__/fixtures';
import { formatEvent, formatPing } from '../registry';
import { hasNativeName, typeNameIn } from '../type-names';

const ctx = fixtureContext('acr');
const acr = (event: CanonicalEvent): any => JSON.parse(formatEvent(event, ctx).body);

describe('AcrFormatter', () => {
  it.each(EVENT_TYPES)('%s: one event object with ACR’s action, or our name and our data', (type) => {
    const body = acr(FIXTURE_EVENTS[type]);
    expect(body.id).toBe(FIXTURE_EVENTS[type].id);
    expect(body.timestamp).toBe(FIXTURE_EVENTS[type].occurredAt);
    expect(body.action).toBe(typeNameIn('acr', type));
    if (hasNativeName('acr', type)) expect(body).not.toHaveProperty('data');
    else expect(body.data).toEqual(FIXTURE_EVENTS[type].data);
  });

  it('sends push as ACR does: the full target with length and the request', () => {
    const event = FIXTURE_EVENTS.TAG_PUSH;
    expect(acr(event)).toEqual({
      id: event.id,
      timestamp: event.occurredAt,
      action: 'push',
      target: {
        mediaType: event.target.mediaType,
        size: 1843,
        digest: event.target.digest,
        length: 1843,
        repository: 'acme/payments-api',
        tag: '2.4.1',
      },
      request: {
        id: event.request?.id,
        host: 'registry.example.com',
        method: 'PUT',
        useragent: event.request?.useragent,
      },
    });
  });

  it('sends delete with the reduced target', () => {
    expect(Object.keys(acr(FIXTURE_EVENTS.MANIFEST_DELETE).target)).toEqual([
      'mediaType',
      'digest',
      'repository',
    ]);
  });

  it('sends chart events with the chart name, version and file, and no request', () => {
    const body = acr(FIXTURE_EVENTS.CHART_PUSH);
    expect(body.action).toBe('chart_push');
    expect(body.target).toMatchObject({
      mediaType: 'application/vnd.acr.helm.chart',
      tag: 'payments-1.8.0+build.5.tgz',
      name: 'payments',
      version: '1.8.0+build.5',
    });
    expect(body).not.toHaveProperty('request');
    expect(acr(FIXTURE_EVENTS.CHART_DELETE).action).toBe('chart_delete');
  });

  it('fills in a request the registry did not describe with stable values', () => {
    const { request, ...event } = FIXTURE_EVENTS.TAG_PUSH;
    expect(request).toBeDefined();
    expect(acr(event).request).toEqual({
      id: event.id,
      host: 'registry.example.com',
      method: 'PUT',
      useragent: '',
    });
  });

  it('pings with ACR’s ping action', () => {
    expect(JSON.parse(formatPing(ctx, FIXTURE_NOW).body)).toEqual({
      id: ctx.deliveryId,
      timestamp: '2026-11-22T12:00:00.000Z',
      action: 'ping',
    });
  });
});

import { DeliveryRecord, HEADERS } from '@app/events';
import { event, subscription } from '../testing/fixtures';
import { deliveryIdFor } from './delivery-id';
import { fanOut, FanOutContext, InboundMessage } from './fan-out';

const now = new Date('2026-03-01T12:00:00.000Z');
let offset = 0;
const message = (
  value: Buffer | null,
  key = 'library/nginx',
  headers?: InboundMessage['headers'],
): InboundMessage => ({
  offset: String(offset++),
  key: Buffer.from(key),
  value,
  headers,
});
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

function context(overrides: Partial<FanOutContext> = {}): FanOutContext {
  return {
    topic: 'p.registry.artifact.v1',
    partition: 2,
    family: 'artifact',
    topicPrefix: 'p.',
    maxEventBytes: 1_048_576,
    now,
    match: () => [subscription({ id: 'sub-a' }), subscription({ id: 'sub-b' })],
    seen: () => false,
    ...overrides,
  };
}

describe('fanOut', () => {
  it('makes one delivery record per matching subscription, keyed by subscription id', () => {
    const evt = event({ id: 'evt-1' });
    const result = fanOut([message(json(evt))], context());
    expect(result.records.map((r) => [r.topic, r.key])).toEqual([
      ['p.webhooks.deliveries.v1', 'sub-a'],
      ['p.webhooks.deliveries.v1', 'sub-b'],
    ]);
    const record = JSON.parse(String(result.records[0].value)) as DeliveryRecord;
    expect(record).toEqual({
      deliveryId: deliveryIdFor('evt-1', 'sub-a', evt.occurredAt),
      subscriptionId: 'sub-a',
      kind: 'event',
      event: evt,
      attempt: 1,
      createdAt: now.toISOString(),
    });
    expect(result.eventIds).toEqual(['evt-1']);
    expect(result.counts).toEqual({ matched: 1, unmatched: 0, duplicate: 0, invalid: 0, deliveries: 2 });
  });

  it('resolves a type alias before matching and in the delivered event', () => {
    const seen: string[] = [];
    const result = fanOut(
      [message(json({ ...event(), type: 'PUSH_ARTIFACT' }))],
      context({ match: (e) => (seen.push(e.type), [subscription()]) }),
    );
    expect(seen).toEqual(['MANIFEST_PUSH']);
    expect(JSON.parse(String(result.records[0].value)).event.type).toBe('MANIFEST_PUSH');
  });

  it('sends invalid records to the invalid topic with their bytes, key, reason and origin', () => {
    const garbage = Buffer.from([0xff, 0xfe, 0x00]);
    const wrongFamily = json({ ...event(), type: 'CHART_PUSH' });
    const result = fanOut(
      [message(garbage, 'k1', { trace: 'abc' }), message(wrongFamily, 'k2'), message(null, 'k3')],
      context(),
    );
    expect(result.records).toHaveLength(3);
    const [first, second, third] = result.records;
    expect(first).toMatchObject({ topic: 'p.registry.invalid.v1', key: 'k1', value: garbage });
    expect(first.headers).toMatchObject({
      trace: 'abc',
      [HEADERS.invalidReason]: 'record value is not valid UTF-8',
      [HEADERS.sourceTopic]: 'p.registry.artifact.v1',
      [HEADERS.sourcePartition]: '2',
    });
    expect(Number(first.headers![HEADERS.sourceOffset])).toBeGreaterThanOrEqual(0);
    expect(second.headers![HEADERS.invalidReason]).toMatch(/^\/type: CHART_PUSH/);
    expect(third).toMatchObject({ key: 'k3', value: null });
    expect(result.counts.invalid).toBe(3);
    expect(result.eventIds).toEqual([]);
  });

  it('rejects an event larger than the configured limit', () => {
    const result = fanOut([message(json(event()))], context({ maxEventBytes: 100 }));
    expect(result.records[0].headers![HEADERS.invalidReason]).toMatch(/larger than the limit of 100/);
  });

  it('drops duplicates within the messages and events seen before', () => {
    const asked: string[] = [];
    const seen = (eventId: string): boolean => {
      asked.push(eventId);
      return eventId === 'evt-old';
    };
    const result = fanOut(
      [
        message(json(event({ id: 'evt-1' }))),
        message(json(event({ id: 'evt-1' }))),
        message(json(event({ id: 'evt-old' }))),
      ],
      context({ seen, match: () => [subscription()] }),
    );
    expect(result.records).toHaveLength(1);
    expect(result.counts).toMatchObject({ matched: 1, duplicate: 2 });
    expect(result.eventIds).toEqual(['evt-1']);
    expect(asked).toEqual(['evt-1', 'evt-old']);
  });

  it('counts events matching nothing', () => {
    const result = fanOut([message(json(event()))], context({ match: () => [] }));
    expect(result.records).toEqual([]);
    expect(result.counts).toMatchObject({ unmatched: 1, deliveries: 0 });
    expect(result.eventIds).toHaveLength(1);
  });
});

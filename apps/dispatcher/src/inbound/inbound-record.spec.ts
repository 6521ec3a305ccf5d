import { DeliveryRecord, HEADERS } from '@app/events';
import { event } from '../testing/fixtures';
import { deliveryIdFor } from './delivery-id';
import { InboundContext, InboundMessage, InboundRead, readInboundRecord } from './inbound-record';

const createdAt = '2026-03-01T12:00:00.000Z';
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

function context(overrides: Partial<InboundContext> = {}): InboundContext {
  return {
    topic: 'p.registry.artifact.v1',
    partition: 2,
    family: 'artifact',
    invalidTopic: 'p.registry.invalid.v1',
    maxEventBytes: 1_048_576,
    createdAt,
    match: () => [{ id: 'sub-a' }, { id: 'sub-b' }],
    firstSight: () => true,
    ...overrides,
  };
}

const deliveriesOf = (read: InboundRead): DeliveryRecord[] => {
  if (read.kind !== 'event') throw new Error(`expected an event, got ${read.kind}`);
  return read.deliveries;
};
const invalidOf = (read: InboundRead) => {
  if (read.kind !== 'invalid') throw new Error(`expected an invalid record, got ${read.kind}`);
  return read.record;
};

describe('readInboundRecord', () => {
  it('makes one delivery per matching subscription, its id derived from the event and the subscription', () => {
    const evt = event({ id: 'evt-1' });
    const deliveries = deliveriesOf(readInboundRecord(message(json(evt)), context()));
    expect(deliveries).toEqual([
      {
        deliveryId: deliveryIdFor('evt-1', 'sub-a', evt.occurredAt),
        subscriptionId: 'sub-a',
        kind: 'event',
        event: evt,
        attempt: 1,
        createdAt,
      },
      expect.objectContaining({ deliveryId: deliveryIdFor('evt-1', 'sub-b', evt.occurredAt) }),
    ]);
  });

  it('resolves a type alias before matching and in the delivered event', () => {
    const seen: string[] = [];
    const read = readInboundRecord(
      message(json({ ...event(), type: 'PUSH_ARTIFACT' })),
      context({ match: (e) => (seen.push(e.type), [{ id: 'sub-a' }]) }),
    );
    expect(seen).toEqual(['MANIFEST_PUSH']);
    expect(deliveriesOf(read)[0].event.type).toBe('MANIFEST_PUSH');
  });

  it('turns an invalid record into one for the invalid topic with its bytes, key, reason and origin', () => {
    const garbage = Buffer.from([0xff, 0xfe, 0x00]);
    const first = invalidOf(readInboundRecord(message(garbage, 'k1', { trace: 'abc' }), context()));
    expect(first).toMatchObject({ topic: 'p.registry.invalid.v1', key: 'k1', value: garbage });
    expect(first.headers).toMatchObject({
      trace: 'abc',
      [HEADERS.invalidReason]: 'record value is not valid UTF-8',
      [HEADERS.sourceTopic]: 'p.registry.artifact.v1',
      [HEADERS.sourcePartition]: '2',
    });
    expect(Number(first.headers![HEADERS.sourceOffset])).toBeGreaterThanOrEqual(0);
    const wrongFamily = invalidOf(
      readInboundRecord(message(json({ ...event(), type: 'CHART_PUSH' })), context()),
    );
    expect(wrongFamily.headers![HEADERS.invalidReason]).toMatch(/^\/type: CHART_PUSH/);
    expect(invalidOf(readInboundRecord(message(null, 'k3'), context()))).toMatchObject({
      key: 'k3',
      value: null,
    });
  });

  it('rejects an event larger than the configured limit', () => {
    const record = invalidOf(readInboundRecord(message(json(event())), context({ maxEventBytes: 100 })));
    expect(record.headers![HEADERS.invalidReason]).toMatch(/larger than the limit of 100/);
  });

  it('drops a matched event seen before', () => {
    const read = readInboundRecord(
      message(json(event({ id: 'evt-old' }))),
      context({ firstSight: (id) => id !== 'evt-old' }),
    );
    expect(read).toEqual({ kind: 'duplicate' });
  });

  it('yields no deliveries for an event nobody subscribed to, and does not remember it', () => {
    const sighted: string[] = [];
    const read = readInboundRecord(
      message(json(event())),
      context({ match: () => [], firstSight: (id) => (sighted.push(id), true) }),
    );
    expect(read).toEqual({ kind: 'event', deliveries: [] });
    expect(sighted).toEqual([]);
  });
});

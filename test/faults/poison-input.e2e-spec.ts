import { CanonicalEvent, exampleEvent, HEADERS, INBOUND_TOPICS, INTERNAL_TOPICS } from '@app/events';
import { createHash, randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { createWebhook, printLogsOnFailure, tagPush } from '../support/helpers';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

const REPOSITORY = 'poison/app';
/**
 * The dispatcher's limit for this test, below Kafka's own (1 MB a record by default), so that an
 * event over it can still be produced.
 */
const MAX_EVENT_BYTES = 262_144;

/** A valid SCAN_COMPLETED for REPOSITORY with a fresh id. */
function scanCompleted(): CanonicalEvent {
  const base = exampleEvent('SCAN_COMPLETED');
  return {
    ...base,
    id: ulid(),
    target: {
      ...base.target,
      namespace: 'poison',
      repository: REPOSITORY,
      url: `registry.example.com/${REPOSITORY}:1.0`,
    },
  } as CanonicalEvent;
}

/** What the invalid topic must keep of a record: its exact bytes (hashed, to keep failure output small). */
const fingerprint = (value: Buffer | string | null): string =>
  value === null ? 'null' : createHash('sha256').update(value).digest('hex');

interface PoisonRecord {
  what: string;
  value: Buffer | string | null;
}

/** Every kind of bad record a registry (or a broken producer) could put on an inbound topic. */
function poisonFor(family: 'artifact' | 'scan'): PoisonRecord[] {
  const valid = family === 'artifact' ? tagPush(REPOSITORY) : scanCompleted();
  const json = JSON.stringify(valid);
  const otherFamily = family === 'artifact' ? scanCompleted() : tagPush(REPOSITORY);
  return [
    { what: 'random bytes', value: randomBytes(512) },
    { what: 'truncated JSON', value: json.slice(0, Math.floor(json.length / 2)) },
    {
      what: 'oversized event',
      value: JSON.stringify({
        ...valid,
        id: ulid(),
        data: { ...valid.data, padding: 'x'.repeat(MAX_EVENT_BYTES + 1_000) },
      }),
    },
    {
      what: 'wrong field types',
      value: JSON.stringify({
        ...valid,
        id: 42,
        occurredAt: 1_700_000_000,
        target: { ...valid.target, size: 'big' },
      }),
    },
    { what: 'unknown event type', value: JSON.stringify({ ...valid, id: ulid(), type: 'TAG_EXPLODED' }) },
    {
      what: 'huge tag name',
      value: JSON.stringify({ ...valid, id: ulid(), target: { ...valid.target, tag: 't'.repeat(10_240) } }),
    },
    { what: 'null value', value: null },
    { what: 'JSON array', value: JSON.stringify([{ ...valid, id: ulid() }]) },
    { what: "another family's event type", value: JSON.stringify(otherFamily) },
  ];
}

/**
 * Poison records interleaved with valid events on two inbound topics, all on the subscribed
 * repository's key (so in the same partition as the valid events behind them): each bad record
 * goes to the invalid topic with its bytes and a reason, and no valid event is held up by them.
 */
describe('poison inbound records', () => {
  let stack: Stack;
  let receiver: Receiver;
  printLogsOnFailure(() => stack);

  beforeAll(async () => {
    stack = await startStack({
      env: { DELIVERY_RETRY_SCHEDULE: '1s,1s,1s,1s,1s' },
      dispatcherEnv: { INBOUND_MAX_EVENT_BYTES: String(MAX_EVENT_BYTES) },
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  it('sends every invalid record to registry.invalid.v1 unchanged and delivers every valid event', async () => {
    const subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
    const invalid = await stack.consume(INTERNAL_TOPICS.invalid);
    await createWebhook(stack, subscriptions, {
      repository: REPOSITORY,
      url: receiver.url,
      body: { events: ['TAG_PUSH', 'SCAN_COMPLETED'] },
    });

    const poison = { artifact: poisonFor('artifact'), scan: poisonFor('scan') };
    const validIds: string[] = [];
    const startedAt = Date.now();
    for (const family of ['artifact', 'scan'] as const) {
      for (const [i, record] of poison[family].entries()) {
        const valid = family === 'artifact' ? tagPush(REPOSITORY, `v${i}`) : scanCompleted();
        validIds.push(valid.id);
        await stack.produceEvent(valid);
        await stack.produceRaw(INBOUND_TOPICS[family], record.value, REPOSITORY);
      }
      const last = family === 'artifact' ? tagPush(REPOSITORY, 'last') : scanCompleted();
      validIds.push(last.id);
      await stack.produceEvent(last);
    }

    const deliveredIds = (): Set<string> =>
      new Set(receiver.requests.map((q) => (JSON.parse(q.body) as { id: string }).id));
    await receiver.waitForRequests(validIds.length, 30_000);
    expect([...deliveredIds()].sort()).toEqual([...validIds].sort());

    const poisonCount = poison.artifact.length + poison.scan.length;
    const rejected = await invalid.waitFor(poisonCount, 30_000);
    expect(Date.now() - startedAt).toBeLessThan(45_000);
    expect(rejected).toHaveLength(poisonCount);
    for (const family of ['artifact', 'scan'] as const) {
      const fromTopic = rejected.filter(
        (m) => m.headers[HEADERS.sourceTopic] === stack.topic(INBOUND_TOPICS[family]),
      );
      // One key, one partition: the invalid records follow the order they were produced in.
      expect(fromTopic.map((m) => fingerprint(m.value))).toEqual(
        poison[family].map((p) => fingerprint(p.value)),
      );
      for (const message of fromTopic) {
        expect(message.key).toBe(REPOSITORY);
        expect(message.headers[HEADERS.invalidReason]?.trim()).toBeTruthy();
      }
      const reasonOf = (what: string): string =>
        fromTopic[poison[family].findIndex((p) => p.what === what)].headers[HEADERS.invalidReason];
      expect(reasonOf('oversized event')).toMatch(/larger than the limit/);
      expect(reasonOf('random bytes')).toMatch(/UTF-8|JSON/);
      expect(reasonOf('null value')).toMatch(/empty/);
      expect(reasonOf('JSON array')).toMatch(/array/);
      expect(reasonOf("another family's event type")).toMatch(/family/);
      expect(reasonOf('huge tag name')).toMatch(/tag/);
    }
    const randomBytesRecord = rejected.find(
      (m) => m.headers[HEADERS.sourceTopic] === stack.topic(INBOUND_TOPICS.artifact),
    )!;
    expect(Buffer.compare(randomBytesRecord.value!, poison.artifact[0].value as Buffer)).toBe(0);
    const oversized = poison.scan.find((p) => p.what === 'oversized event')!;
    expect(
      rejected.some((m) => m.value !== null && m.value.equals(Buffer.from(oversized.value as string))),
    ).toBe(true);
    // Nothing was delivered twice or held back behind a poison record for a retry.
    expect(receiver.requests).toHaveLength(validIds.length);
  });
});

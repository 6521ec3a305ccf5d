import { exampleEvent } from '../catalogue';
import {
  validateAttemptRecord,
  validateDeadLetterRecord,
  validateDeliveryRecord,
  validateSubscriptionRecord,
} from './internal-records';

const subscription = (): any => ({
  id: '01JDQ8R6ZV3M4K2P9X7T5W1AB2',
  revision: 3,
  name: 'buildhook01',
  scope: { type: 'repository', repository: 'library/nginx', tag: 'v*' },
  events: ['TAG_PUSH', 'SCAN_COMPLETED'],
  target: {
    type: 'http',
    url: 'https://ci.example.com/hooks',
    headers: { 'X-Team': 'build' },
    verifyTls: true,
  },
  format: 'default',
  enabled: true,
  secrets: [{ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }],
  ordered: false,
  updatedAt: '2026-11-22T10:00:00Z',
});

const delivery = (): any => ({
  deliveryId: 'd-1',
  subscriptionId: 's-1',
  kind: 'event',
  event: exampleEvent('TAG_PUSH'),
  attempt: 1,
  createdAt: '2026-11-22T10:00:01Z',
});

const attempt = (): any => ({
  attemptId: 'a-1',
  deliveryId: 'd-1',
  subscriptionId: 's-1',
  kind: 'event',
  eventId: '01M81B5HBV3V0XYWTK1PNH30NJ',
  eventType: 'TAG_PUSH',
  event: exampleEvent('TAG_PUSH'),
  number: 1,
  at: '2026-11-22T10:00:02Z',
  durationMs: 41.5,
  request: { method: 'POST', url: 'https://ci.example.com/hooks', headers: {}, body: '{}' },
  response: { statusCode: 200, headers: {}, body: 'ok', truncated: false },
  error: null,
  outcome: 'succeeded',
});

const pathsOf = (result: { ok: boolean; errors?: { path: string }[] }) =>
  result.errors?.map((issue) => issue.path);

describe('validateSubscriptionRecord', () => {
  it('accepts a complete record', () => {
    const record = subscription();
    expect(validateSubscriptionRecord(record)).toEqual({ ok: true, value: record });
  });

  it.each<[string, (record: any) => void, string, RegExp]>([
    [
      'unknown scope type',
      (r) => (r.scope = { type: 'project', name: 'x' }),
      '/scope/type',
      /"global", "namespace", "repository"/,
    ],
    [
      'namespace scope without namespace',
      (r) => (r.scope = { type: 'namespace' }),
      '/scope/namespace',
      /is required/,
    ],
    [
      'repository scope with a bad path',
      (r) => (r.scope.repository = 'nginx'),
      '/scope/repository',
      /must match/,
    ],
    [
      'an alias in events (records hold canonical names)',
      (r) => (r.events = ['PUSH_ARTIFACT']),
      '/events/0',
      /must be one of/,
    ],
    ['no secret', (r) => (r.secrets = []), '/secrets', /at least 1 item/],
    [
      'a secret without the whsec_ prefix',
      (r) => (r.secrets[0].secret = 'abc'),
      '/secrets/0/secret',
      /must match/,
    ],
    ['revision 0', (r) => (r.revision = 0), '/revision', /must be >= 1/],
    ['unknown format', (r) => (r.format = 'xml'), '/format', /must be one of/],
    ['unknown target type', (r) => (r.target.type = 'email'), '/target/type', /must be one of/],
    ['zero rate limit', (r) => (r.rateLimitPerSecond = 0), '/rateLimitPerSecond', /must be > 0/],
  ])('rejects %s', (_name, change, path, message) => {
    const record = subscription();
    change(record);
    expect(validateSubscriptionRecord(record)).toEqual({
      ok: false,
      errors: [{ path, message: expect.stringMatching(message) }],
    });
  });
});

describe('validateDeliveryRecord', () => {
  it('accepts a record with a valid event', () => {
    const record = delivery();
    expect(validateDeliveryRecord(record)).toEqual({ ok: true, value: record });
  });

  it('returns the event with its canonical type, leaving the input alone', () => {
    const record = delivery();
    record.event.type = 'push';
    const result = validateDeliveryRecord(record);
    expect(result.ok && result.value.event.type).toBe('TAG_PUSH');
    expect(record.event.type).toBe('push');
  });

  it('reports the event problems under /event together with the record problems', () => {
    const record = delivery();
    record.attempt = 0;
    delete record.event.target.tag;
    record.event.occurredAt = 'soon';
    expect(pathsOf(validateDeliveryRecord(record))).toEqual([
      '/attempt',
      '/event/occurredAt',
      '/event/target/tag',
    ]);
  });

  it('rejects a record without an event, or with a non-object one', () => {
    const record = delivery();
    delete record.event;
    expect(pathsOf(validateDeliveryRecord(record))).toEqual(['/event']);
    expect(pathsOf(validateDeliveryRecord({ ...delivery(), event: 'TAG_PUSH' }))).toEqual(['/event']);
    expect(pathsOf(validateDeliveryRecord(null))).toEqual(['']);
  });
});

describe('validateAttemptRecord', () => {
  it('accepts a success and a network error', () => {
    expect(validateAttemptRecord(attempt()).ok).toBe(true);
    const failed = {
      ...attempt(),
      response: null,
      error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' },
      outcome: 'retrying',
      nextAttemptAt: '2026-11-22T10:00:07Z',
    };
    expect(validateAttemptRecord(failed)).toEqual({ ok: true, value: failed });
  });

  it('explains a malformed response through the variant it resembles', () => {
    const record = { ...attempt(), response: { statusCode: '200', headers: {}, body: '' } };
    expect(validateAttemptRecord(record)).toEqual({
      ok: false,
      errors: [
        { path: '/response/truncated', message: 'is required' },
        { path: '/response/statusCode', message: 'must be an integer' },
      ],
    });
  });

  it('accepts a record whose request body is its event, and checks the body as the event', () => {
    const { event, ...rest } = attempt();
    const bodyIsEvent = { ...rest, request: { ...rest.request, body: JSON.stringify(event) } };
    expect(validateAttemptRecord(bodyIsEvent)).toEqual({ ok: true, value: bodyIsEvent });
    expect(
      pathsOf(validateAttemptRecord({ ...bodyIsEvent, request: { ...rest.request, body: '{}' } })),
    ).toEqual(expect.arrayContaining(['/event/type']));
  });

  it('rejects an unknown outcome and a broken event', () => {
    const record = attempt();
    record.outcome = 'lost';
    record.event.data.tags = 1;
    expect(pathsOf(validateAttemptRecord(record))).toEqual(['/outcome', '/event/data/tags']);
  });
});

describe('validateDeadLetterRecord', () => {
  const deadLetter = (): any => ({
    delivery: { ...delivery(), attempt: 8, notBefore: 1_795_000_000_000 },
    reason: 'retries exhausted after 8 attempts (last: HTTP 503)',
    deadAt: '2026-11-23T03:00:00Z',
    attempts: {
      count: 8,
      last: { attemptId: 'd-1:8', at: '2026-11-23T02:59:59Z', statusCode: 503, error: null },
    },
  });

  it('accepts a dead delivery with its last attempt, with or without a response', () => {
    expect(validateDeadLetterRecord(deadLetter()).ok).toBe(true);
    const timedOut = deadLetter();
    timedOut.attempts.last = { ...timedOut.attempts.last, statusCode: null, error: 'timeout' };
    expect(validateDeadLetterRecord(timedOut).ok).toBe(true);
  });

  it("names each broken field once, the delivery's event included", () => {
    const record = deadLetter();
    record.deadAt = 'yesterday';
    record.attempts.count = 0;
    record.delivery.attempt = 'eight';
    record.delivery.event.data.tags = 1;
    expect(pathsOf(validateDeadLetterRecord(record))).toEqual([
      '/deadAt',
      '/attempts/count',
      '/delivery/attempt',
      '/delivery/event/data/tags',
    ]);
  });

  it('rejects a value that is not an object', () => {
    expect(validateDeadLetterRecord('dead').ok).toBe(false);
  });
});

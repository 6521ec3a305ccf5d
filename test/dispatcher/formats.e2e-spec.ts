import { EVENT_CATALOGUE, EVENT_TYPES, FORMATS, exampleEvent } from '@app/events';
import { CLOUDEVENTS_CONTENT_TYPE, DISTRIBUTION_CONTENT_TYPE, typeNameIn } from '@app/formatters';
import { HTTP } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import { ulid } from 'ulid';
import { createWebhook, printLogsOnFailure } from '../support/helpers';
import { TopicCollector } from '../support/kafka';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

/**
 * Every event family reaches every HTTP format and chat channel: one instance-wide webhook per
 * format or channel, one example event per catalogue type, each receiver gets all of them, signed.
 */
const CHANNELS = ['slack', 'teams', 'discord'] as const;

describe('every event type in every format and channel', () => {
  let stack: Stack | undefined;
  let subscriptionsTopic: TopicCollector;
  const receivers = new Map<string, { receiver: Receiver; secret: string }>();
  printLogsOnFailure(() => stack);

  beforeAll(async () => {
    stack = await startStack();
    subscriptionsTopic = await stack.consume('webhooks.subscriptions.v1');
    for (const target of [...FORMATS, ...CHANNELS]) {
      const receiver = await startReceiver();
      const isChannel = (CHANNELS as readonly string[]).includes(target);
      const created = await createWebhook(stack, subscriptionsTopic, {
        repository: 'unused/unused',
        url: receiver.url,
        body: {
          scope: { type: 'global' },
          events: [...EVENT_TYPES],
          target: { type: isChannel ? target : 'http', url: receiver.url },
          format: isChannel ? 'default' : target,
          ...(isChannel ? { rateLimitPerSecond: 100 } : {}),
        },
      });
      receivers.set(target, { receiver, secret: created.secret });
    }
    for (const entry of EVENT_CATALOGUE)
      await stack.produceEvent({ ...exampleEvent(entry.type), id: ulid() });
  });

  afterAll(async () => {
    await Promise.all([...receivers.values()].map(({ receiver }) => receiver.close()));
    await stack?.stop();
  });

  const received = async (target: string) => {
    const { receiver, secret } = receivers.get(target)!;
    const requests = await receiver.waitForRequests(EVENT_TYPES.length, 60_000);
    expect(requests).toHaveLength(EVENT_TYPES.length);
    for (const request of requests) {
      expect(() => new Webhook(secret).verify(request.body, request.headers)).not.toThrow();
    }
    return requests.map((request) => ({ ...request, json: JSON.parse(request.body) }));
  };

  it('default: the canonical event, for every type', async () => {
    const bodies = (await received('default')).map((r) => r.json);
    expect(bodies.map((b) => b.type).sort()).toEqual([...EVENT_TYPES].sort());
    const tagPush = bodies.find((b) => b.type === 'TAG_PUSH');
    expect({ ...tagPush, id: undefined }).toEqual({ ...exampleEvent('TAG_PUSH'), id: undefined });
  });

  it('cloudevents: structured CloudEvents 1.0 that the SDK parses', async () => {
    const requests = await received('cloudevents');
    for (const request of requests) {
      expect(request.headers['content-type']).toContain(CLOUDEVENTS_CONTENT_TYPE);
      const event = HTTP.toEvent({ headers: request.headers, body: request.body });
      expect(Array.isArray(event)).toBe(false);
      expect(String((event as { type: string }).type)).toMatch(/^io\.registry\./);
    }
  });

  it('harbor: Harbor names where Harbor has one, our name otherwise', async () => {
    const bodies = (await received('harbor')).map((r) => r.json);
    const expected = EVENT_TYPES.map((type) => typeNameIn('harbor', type)).sort();
    expect(bodies.map((b) => b.type).sort()).toEqual(expected);
    for (const body of bodies) {
      expect(typeof body.occur_at).toBe('number');
      expect(body.event_data).toBeDefined();
    }
  });

  it('dtr: the {type, createdAt, contents} envelope', async () => {
    const bodies = (await received('dtr')).map((r) => r.json);
    for (const body of bodies) {
      expect(body).toEqual(
        expect.objectContaining({ createdAt: expect.any(String), contents: expect.any(Object) }),
      );
    }
    expect(bodies.map((b) => b.type).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('acr: one event object with an action', async () => {
    const bodies = (await received('acr')).map((r) => r.json);
    for (const body of bodies) {
      expect(body).toEqual(
        expect.objectContaining({ id: expect.any(String), timestamp: expect.any(String) }),
      );
      expect(typeof body.action).toBe('string');
    }
    expect(bodies.map((b) => b.action)).toEqual(
      expect.arrayContaining(['push', 'delete', 'chart_push', 'chart_delete']),
    );
  });

  it('distribution: an {"events": [...]} envelope with its media type', async () => {
    const requests = await received('distribution');
    for (const request of requests) {
      expect(request.headers['content-type']).toBe(DISTRIBUTION_CONTENT_TYPE);
      expect(request.json.events).toHaveLength(1);
    }
  });

  it('slack: Block Kit with a plain-text fallback', async () => {
    for (const { json } of await received('slack')) {
      expect(typeof json.text).toBe('string');
      expect(json.blocks[0].type).toBe('header');
    }
  });

  it('teams: an Adaptive Card message', async () => {
    for (const { json } of await received('teams')) {
      expect(json.type).toBe('message');
      expect(json.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(json.attachments[0].content.type).toBe('AdaptiveCard');
    }
  });

  it('discord: embeds', async () => {
    for (const { json } of await received('discord')) {
      expect(json.embeds.length).toBeGreaterThan(0);
      expect(typeof json.embeds[0].title).toBe('string');
    }
  });
});

import { INGEST_EXAMPLES, INTERNAL_TOPICS } from '@app/events';
import { KafkaCluster } from '@tools/kafka';
import { randomBytes } from 'node:crypto';
import { createWebhook, printLogsOnFailure, sleep } from '../support/helpers';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

/**
 * While Kafka is down (its one node killed) ingest answers 503 with Retry-After, so the registry
 * keeps the notification and retries; once Kafka is back on its data the retry is accepted and the
 * event delivered, once.
 */
describe('ingest while Kafka is unavailable', () => {
  const token = randomBytes(20).toString('hex');
  let broker: KafkaCluster | undefined;
  let stack: Stack | undefined;
  let receiver: Receiver;
  printLogsOnFailure(() => stack);

  beforeAll(async () => {
    broker = await KafkaCluster.start({ nodes: 1 });
    stack = await startStack({
      kafkaBrokers: broker.bootstrapServers,
      subscriptionsEnv: { INGEST_TOKENS: `distribution=${token}`, INGEST_PUBLISH_TIMEOUT: '3s' },
    });
    receiver = await startReceiver();
    const subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
    await createWebhook(stack, subscriptions, { repository: 'research/hello', url: receiver.url });
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
    await broker?.stop();
  });

  const notify = (body: unknown) =>
    stack!.request('POST', '/ingest/v1/distribution', {
      token,
      rawBody: JSON.stringify(body),
      headers: { 'content-type': 'application/vnd.docker.distribution.events.v1+json' },
    });
  const pushOf = (id: string, tag: string) => {
    const body = structuredClone(INGEST_EXAMPLES.distribution.push.body) as { events: any[] };
    Object.assign(body.events[0], { id });
    body.events[0].target.tag = tag;
    return body;
  };

  it('answers 503 with Retry-After while Kafka is down, then 202, and the event is delivered once', async () => {
    const before = await notify(pushOf('before-the-outage', 'v0'));
    expect(before.status).toBe(202);
    await receiver.waitForRequests(1, 30_000);

    await broker!.kill(1);
    const during = await notify(pushOf('during-the-outage', 'v1'));
    expect(during.status).toBe(503);
    expect(during.headers['retry-after']).toBe('5');
    expect(during.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'Kafka did not acknowledge the events in time; retry later (a retry is delivered once)',
    });

    await broker!.restart(1);
    // What the registry does: retry the same notification until it is accepted.
    const giveUpAt = Date.now() + 90_000;
    let retry = await notify(pushOf('during-the-outage', 'v1'));
    while (retry.status === 503 && Date.now() < giveUpAt) {
      await sleep(1_000);
      retry = await notify(pushOf('during-the-outage', 'v1'));
    }
    expect(retry.status).toBe(202);

    // A later push of the same repository is on the same partition: once it is delivered, every
    // copy of v1 that reached Kafka has been through the dispatcher.
    expect((await notify(pushOf('after-the-outage', 'v2'))).status).toBe(202);
    const requests = await receiver.waitForRequests(3, 60_000);
    expect(requests.map((r) => JSON.parse(r.body).target.tag)).toEqual(['v0', 'v1', 'v2']);
    const metrics = await (await fetch(`${stack!.subscriptionsUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /ingest_requests_total\{source="distribution",result="unavailable",app="subscriptions"\} [1-9]/,
    );
  }, 240_000);
});

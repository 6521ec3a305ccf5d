import { INBOUND_TOPICS, INTERNAL_TOPICS } from '@app/events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { createWebhook, printLogsOnFailure } from '../support/helpers';
import { TopicCollector } from '../support/kafka';
import { buildOciLayout, Registry } from '../support/registry';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

/**
 * A real CNCF Distribution registry (Debian's docker-registry 2.8) notifies the ingest endpoint;
 * skopeo pushes an image built here as an OCI layout. Pushes, pulls and deletes reach webhooks on
 * the repository, signed, in the format each webhook asked for.
 */
describe('a Distribution registry notifying the ingest endpoint', () => {
  const token = randomBytes(24).toString('hex');
  const repository = 'research/hello';
  let stack: Stack | undefined;
  let registry: Registry | undefined;
  let workDir: string;
  let artifactTopic: TopicCollector;
  let pushes: Receiver;
  let others: Receiver;
  let pushSecret: string;
  let digest: string;
  printLogsOnFailure(() => stack);
  afterEach(() => {
    const state = expect.getState();
    if (state.assertionCalls !== state.numPassingAsserts)
      process.stdout.write(`--- registry\n${registry?.logs()}\n`);
  });

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'rw-ingest-'));
    stack = await startStack({ subscriptionsEnv: { INGEST_TOKENS: `distribution=${token}` } });
    const subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
    artifactTopic = await stack.consume(INBOUND_TOPICS.artifact);
    [pushes, others] = await Promise.all([startReceiver(), startReceiver()]);
    pushSecret = (
      await createWebhook(stack, subscriptions, {
        repository,
        url: pushes.url,
        body: { events: ['TAG_PUSH'], format: 'harbor' },
      })
    ).secret;
    await createWebhook(stack, subscriptions, {
      repository,
      url: others.url,
      body: { events: ['MANIFEST_PULL', 'MANIFEST_DELETE'], format: 'default' },
    });
    registry = await Registry.start({
      notify: {
        url: `${stack.subscriptionsUrl}/ingest/v1/distribution`,
        headers: { Authorization: `Bearer ${token}` },
      },
    });
  });

  afterAll(async () => {
    await registry?.stop();
    await Promise.all([pushes?.close(), others?.close()]);
    await stack?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('a push by tag reaches the webhook as TAG_PUSH in the Harbor format, signed', async () => {
    digest = await registry!.push(await buildOciLayout(workDir, 'v1', 'hello v1\n'), repository);
    const [request] = await pushes.waitForRequests(1, 30_000);
    expect(() => new Webhook(pushSecret).verify(request.body, request.headers)).not.toThrow();
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({
      type: 'PUSH_ARTIFACT',
      event_data: {
        resources: [{ digest, tag: 'v1', resource_url: `${registry!.host}/${repository}:v1` }],
        repository: { name: 'hello', namespace: 'research', repo_full_name: repository },
      },
    });
  });

  it('puts the canonical events on the artifact topic, keyed by repository, with the native event', async () => {
    const records = await artifactTopic.waitFor(
      2,
      20_000,
      (m) => (m.json as { type?: string })?.type !== undefined,
    );
    const pushed = records.filter(
      (m) => (m.json as { target: { digest?: string } }).target.digest === digest,
    );
    expect(pushed.map((m) => (m.json as { type: string }).type).sort()).toEqual([
      'MANIFEST_PUSH',
      'TAG_PUSH',
    ]);
    for (const record of pushed) {
      expect(record.key).toBe(repository);
      expect(record.json).toMatchObject({
        source: registry!.host,
        data: { native: { action: 'push', target: { repository, digest } } },
      });
    }
  });

  it('counts the blob uploads that came before the manifest, and forwards none of them', async () => {
    const metrics = await (await fetch(`${stack!.subscriptionsUrl}/metrics`)).text();
    const blobs =
      /ingest_ignored_total\{source="distribution",reason="blob",app="subscriptions"\} (\d+)/.exec(metrics);
    expect(Number(blobs?.[1])).toBeGreaterThanOrEqual(2);
    expect(metrics).toMatch(
      /ingest_requests_total\{source="distribution",result="accepted",app="subscriptions"\} \d+/,
    );
  });

  it('a pull by tag reaches a subscriber of MANIFEST_PULL', async () => {
    await registry!.pull(repository, 'v1');
    const [request] = await others.waitForRequests(
      1,
      30_000,
      (r) => JSON.parse(r.body).type === 'MANIFEST_PULL',
    );
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'MANIFEST_PULL',
      source: registry!.host,
      target: { repository, digest },
      request: { method: 'GET' },
    });
  });

  it('the same notification posted again is delivered once', async () => {
    const tagPush = artifactTopic.messages.find((m) => (m.json as { type?: string }).type === 'TAG_PUSH')!;
    const native = (tagPush.json as { data: { native: unknown } }).data.native;
    const again = async () =>
      stack!.request('POST', '/ingest/v1/distribution', {
        token,
        rawBody: JSON.stringify({ events: [native] }),
        headers: { 'content-type': 'application/vnd.docker.distribution.events.v1+json' },
      });
    const [first, second] = [await again(), await again()];
    expect(first.status).toBe(202);
    expect(second.body).toEqual(first.body);
    expect(first.body.events).toContainEqual({ id: (tagPush.json as { id: string }).id, type: 'TAG_PUSH' });
    // A later push to the same repository is on the same partition: once it is delivered, the
    // duplicates before it have been through the dispatcher.
    await registry!.push(await buildOciLayout(workDir, 'v2', 'hello v2\n'), repository);
    const requests = await pushes.waitForRequests(2, 30_000);
    const tags = requests.map((r) => JSON.parse(r.body).event_data.resources[0].tag);
    expect(tags).toEqual(['v1', 'v2']);
  });

  it('a manifest delete reaches a subscriber of MANIFEST_DELETE', async () => {
    await registry!.deleteManifest(repository, digest);
    const [request] = await others.waitForRequests(
      1,
      30_000,
      (r) => JSON.parse(r.body).type === 'MANIFEST_DELETE',
    );
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'MANIFEST_DELETE',
      target: { namespace: 'research', repository, digest },
      request: { method: 'DELETE' },
    });
  });
});

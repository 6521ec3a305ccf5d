import { INBOUND_TOPICS, INTERNAL_TOPICS } from '@app/events';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess } from '../support/app-process';
import { createWebhook, printLogsOnFailure, sleep } from '../support/helpers';
import { TopicCollector } from '../support/kafka';
import { freePort } from '../../tools/support/src';
import { buildOciLayout, Registry } from '../support/registry';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

interface Delivered {
  type: string;
  source: string;
  target: { repository: string; tag: string; digest: string };
}

/**
 * Watched remote repositories against a real registry (Debian's docker-registry behind htpasswd,
 * so a Basic challenge): existing tags announced on the first sync, new and re-pushed tags as
 * TAG_PUSH, deleted tags as TAG_DELETE, nothing for a sync without changes, registry errors on the
 * watch.
 */
describe('watched remote repositories', () => {
  const user = { username: 'alice', password: randomBytes(12).toString('hex') };
  const repository = 'team/app';
  let stack: Stack | undefined;
  let registry: Registry | undefined;
  let receiver: Receiver;
  let workDir: string;
  let watchId: string;
  let artifactTopic: TopicCollector;
  let secondReplica: AppProcess | undefined;
  const digests: Record<string, string> = {};
  printLogsOnFailure(() => stack);

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'rw-remote-'));
    stack = await startStack({
      subscriptionsEnv: { CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
    });
    const subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
    artifactTopic = await stack.consume(INBOUND_TOPICS.artifact);
    receiver = await startReceiver();
    await createWebhook(stack, subscriptions, {
      repository,
      url: receiver.url,
      body: { events: ['TAG_PUSH', 'TAG_DELETE'] },
    });
    registry = await Registry.start({ user });
  });
  afterAll(async () => {
    await secondReplica?.stop();
    await registry?.stop();
    await receiver?.close();
    await stack?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  const push = async (tag: string, content: string) => {
    digests[tag] = await registry!.push(await buildOciLayout(workDir, tag, content), repository, tag);
    return digests[tag];
  };
  const sync = (id = watchId) => stack!.request('POST', `/api/v1/remote-repositories/${id}/sync`);
  const delivered = async (count: number): Promise<Delivered[]> =>
    (await receiver.waitForRequests(count, 30_000)).map((request) => JSON.parse(request.body) as Delivered);
  const watch = (body: Record<string, unknown>) =>
    stack!.request('POST', '/api/v1/remote-repositories', {
      body: { registry: registry!.url, interval: '1h', ...body },
    });

  it('announces an image pushed before the watch existed on the first sync', async () => {
    await push('1.0', 'one\n');
    const created = await watch({ repository, announceExisting: true, credentials: user });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      registry: registry!.url,
      repository,
      interval: '1h',
      announceExisting: true,
      credentials: { type: 'password' },
    });
    expect(created.text).not.toContain(user.password);
    watchId = created.body.id;
    expect((await sync()).status).toBe(200);
    const [first] = await delivered(1);
    expect(first).toMatchObject({
      type: 'TAG_PUSH',
      source: registry!.host,
      target: { repository, tag: '1.0', digest: digests['1.0'] },
    });
    const got = await stack!.request('GET', `/api/v1/remote-repositories/${watchId}`);
    expect(got.body.status).toMatchObject({ synced: true, tags: 1, lastError: null, consecutiveFailures: 0 });
    expect(got.text).not.toContain(user.password);
  });

  it('sends a new tag and a re-pushed tag (new digest) as TAG_PUSH after a sync', async () => {
    const before = digests['1.0'];
    await push('1.0', 'one, rebuilt\n');
    await push('1.1', 'one point one\n');
    expect(digests['1.0']).not.toBe(before);
    const result = await sync();
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ status: 'ok', tags: 2, deleted: [] });
    expect(result.body.pushed.map((tag: { tag: string }) => tag.tag).sort()).toEqual(['1.0', '1.1']);
    const events = (await delivered(3)).slice(1);
    expect(events.map((e) => [e.type, e.target.tag, e.target.digest]).sort()).toEqual([
      ['TAG_PUSH', '1.0', digests['1.0']],
      ['TAG_PUSH', '1.1', digests['1.1']],
    ]);
  });

  it('sends a deleted tag as TAG_DELETE with the digest it had', async () => {
    await registry!.deleteManifest(repository, digests['1.1']);
    const result = await sync();
    expect(result.body).toMatchObject({
      status: 'ok',
      tags: 1,
      pushed: [],
      deleted: [{ tag: '1.1', digest: digests['1.1'] }],
    });
    const [deleted] = (await delivered(4)).slice(3);
    expect(deleted).toMatchObject({
      type: 'TAG_DELETE',
      target: { repository, tag: '1.1', digest: digests['1.1'] },
    });
  });

  it('a sync with no change sends nothing', async () => {
    const result = await sync();
    expect(result.body).toMatchObject({ status: 'ok', tags: 1, pushed: [], deleted: [] });
    // The next change's event follows any from the empty sync on the repository's partition.
    await push('2.0', 'two\n');
    await sync();
    const events = await delivered(5);
    expect(events.slice(4).map((e) => e.target.tag)).toEqual(['2.0']);
    expect(receiver.requests).toHaveLength(5);
  });

  it('records silently on the first sync when announceExisting is false', async () => {
    await registry!.push(await buildOciLayout(workDir, 'q', 'quiet\n'), 'team/quiet', 'q');
    const created = await watch({ repository: 'team/quiet', announceExisting: false, credentials: user });
    const result = await sync(created.body.id);
    expect(result.body).toMatchObject({ status: 'ok', pushed: [] });
    const got = await stack!.request('GET', `/api/v1/remote-repositories/${created.body.id}`);
    expect(got.body.status).toMatchObject({ synced: true, tags: 1 });
  });

  it('two replicas syncing one repository at once announce each tag once (the advisory lock)', async () => {
    for (const tag of ['a', 'b', 'c'])
      await registry!.push(await buildOciLayout(workDir, tag, `many ${tag}\n`), 'team/many', tag);
    const { app } = await stack!.spawnSubscriptions();
    secondReplica = app;
    await app.waitUntilReady();
    const created = await watch({ repository: 'team/many', credentials: user });
    const id = created.body.id as string;
    const [one, two] = await Promise.all([
      sync(id),
      fetch(`${app.url}/api/v1/remote-repositories/${id}/sync`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack!.adminToken}` },
      }).then(async (response) => ({ status: response.status, body: await response.json() })),
    ]);
    expect([one.status, two.status]).toEqual([200, 200]);
    const ofWatch = (m: { json: unknown }) =>
      (m.json as { data?: { remoteRepository?: { id: string } } }).data?.remoteRepository?.id === id;
    await artifactTopic.waitFor(3, 20_000, ofWatch);
    await sleep(1_000);
    const tags = artifactTopic.messages.filter(ofWatch).map((m) => (m.json as Delivered).target.tag);
    expect(tags.sort()).toEqual(['a', 'b', 'c']);
  });

  it('shows a wrong password as the watch’s error, and backs off', async () => {
    const patched = await stack!.request('PATCH', `/api/v1/remote-repositories/${watchId}`, {
      body: { credentials: { username: user.username, password: 'wrong-password' } },
    });
    expect(patched.status).toBe(200);
    const result = await sync();
    expect(result.body).toMatchObject({
      status: 'error',
      error: {
        kind: 'unauthorized',
        statusCode: 401,
        message: expect.stringMatching(/401 .*credentials were refused/),
      },
    });
    const got = await stack!.request('GET', `/api/v1/remote-repositories/${watchId}`);
    expect(got.body.status).toMatchObject({
      consecutiveFailures: 1,
      lastError: {
        message: expect.stringMatching(/^401 from http:\/\/127\.0\.0\.1:\d+\/v2\/team\/app\/tags\/list/),
      },
    });
    // Backoff: the next poll waits twice the interval.
    expect(Date.parse(got.body.status.nextSyncAt) - Date.parse(got.body.status.lastSyncAt)).toBe(
      2 * 3_600_000,
    );
    expect(got.text).not.toContain('wrong-password');
  });

  it('records an unknown repository and an unreachable registry as errors too', async () => {
    const missing = await watch({ repository: 'team/missing', credentials: user });
    expect((await sync(missing.body.id)).body).toMatchObject({
      status: 'error',
      error: { kind: 'not_found' },
    });
    const closed = await stack!.request('POST', '/api/v1/remote-repositories', {
      body: { registry: `http://127.0.0.1:${await freePort()}`, repository, interval: '1h' },
    });
    expect((await sync(closed.body.id)).body).toMatchObject({
      status: 'error',
      error: { kind: 'unreachable', message: expect.stringMatching(/connection_refused/) },
    });
  });

  it('lets repository admins manage their watches only, and validates what it is given', async () => {
    const teamAdmin = await stack!.tokenFor({
      sub: 'bob',
      access: [{ type: 'repository', name: repository, actions: ['admin'] }],
    });
    const other = await stack!.tokenFor({
      sub: 'eve',
      access: [{ type: 'namespace', name: 'elsewhere', actions: ['owner'] }],
    });
    expect(
      (await stack!.request('GET', `/api/v1/remote-repositories/${watchId}`, { token: teamAdmin })).status,
    ).toBe(200);
    expect(
      (await stack!.request('GET', `/api/v1/remote-repositories/${watchId}`, { token: other })).status,
    ).toBe(404);
    const listed = await stack!.request('GET', '/api/v1/remote-repositories', { token: teamAdmin });
    // team/app on the real registry and on the closed port; not team/quiet or team/missing.
    expect(listed.body.items.map((item: { repository: string }) => item.repository)).toEqual([
      repository,
      repository,
    ]);
    const forbidden = await stack!.request('POST', '/api/v1/remote-repositories', {
      token: other,
      body: { registry: registry!.url, repository: 'team/app2' },
    });
    expect(forbidden.status).toBe(403);
    for (const [body, message] of [
      [{ registry: 'ftp://x', repository }, /registry must be the registry as https/],
      [{ registry: 'https://r.example.com/v2', repository }, /registry must be the origin only/],
      [{ registry: 'https://r.example.com', repository: 'NoSlash' }, /repository must be a repository path/],
      [{ registry: 'https://r.example.com', repository, interval: '1s' }, /interval must be at least 1m/],
      [{ registry: 'https://r.example.com', repository, credentials: { user: 'x' } }, /credentials must be/],
    ] as const) {
      const response = await stack!.request('POST', '/api/v1/remote-repositories', { body });
      expect({ status: response.status, message: response.body.message }).toEqual({
        status: 400,
        message: expect.stringMatching(message),
      });
    }
    const duplicate = await watch({ repository });
    expect(duplicate.status).toBe(409);
    expect((await stack!.request('DELETE', `/api/v1/remote-repositories/${watchId}`)).status).toBe(204);
    expect((await stack!.request('GET', `/api/v1/remote-repositories/${watchId}`)).status).toBe(404);
  });
});

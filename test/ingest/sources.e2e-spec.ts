import { EVENT_TYPES, INGEST_EXAMPLES, INGEST_SOURCES, IngestSource, INTERNAL_TOPICS } from '@app/events';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { createWebhook, printLogsOnFailure, sleep } from '../support/helpers';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

const tokens = Object.fromEntries(
  INGEST_SOURCES.map((source) => [source, randomBytes(20).toString('hex')]),
) as Record<IngestSource, string>;
const MAX_BODY_BYTES = 65_536;

/**
 * Every example notification of every source (REFERENCE.md's payloads: Distribution, Harbor
 * Default and CloudEvents, ACR, Docker Hub, Quay) posted to its ingest endpoint is delivered end to
 * end, through the dispatcher, as the canonical type it maps to.
 */
describe('ingest of every source’s notifications', () => {
  let stack: Stack | undefined;
  let receiver: Receiver;
  let secret: string;
  printLogsOnFailure(() => stack);

  beforeAll(async () => {
    stack = await startStack({
      subscriptionsEnv: {
        INGEST_TOKENS: INGEST_SOURCES.map((source) => `${source}=${tokens[source]}`).join(','),
        INGEST_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      },
    });
    const subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
    receiver = await startReceiver();
    secret = (
      await createWebhook(stack, subscriptions, {
        repository: 'unused/unused',
        url: receiver.url,
        body: { scope: { type: 'global' }, events: [...EVENT_TYPES], format: 'default' },
      })
    ).secret;
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  const post = (
    source: string,
    body: string,
    options: { token?: string | null; contentType?: string } = {},
  ) =>
    stack!.request('POST', `/ingest/v1/${source}`, {
      token: options.token === undefined ? tokens[source as IngestSource] : options.token,
      rawBody: body,
      headers: { 'content-type': options.contentType ?? 'application/json' },
    });

  it('delivers each example as its canonical type, each event once', async () => {
    const expected = new Map<string, string>();
    for (const source of INGEST_SOURCES) {
      for (const [name, example] of Object.entries(INGEST_EXAMPLES[source])) {
        const response = await post(source, JSON.stringify(example.body), {
          contentType: example.contentType,
        });
        expect({ source, name, status: response.status }).toEqual({ source, name, status: 202 });
        for (const event of response.body.events as { id: string; type: string }[])
          expected.set(event.id, event.type);
      }
    }
    const requests = await receiver.waitForRequests(expected.size, 60_000);
    const delivered = requests.map((request) => {
      expect(() => new Webhook(secret).verify(request.body, request.headers)).not.toThrow();
      const body = JSON.parse(request.body) as { id: string; type: string };
      return [body.id, body.type] as const;
    });
    expect(new Map(delivered)).toEqual(expected);
    expect(delivered).toHaveLength(expected.size);
    const types = new Set(expected.values());
    for (const type of [
      'TAG_PUSH',
      'MANIFEST_PULL',
      'MANIFEST_DELETE',
      'TAG_DELETE',
      'CHART_PUSH',
      'CHART_DELETE',
      'SCAN_COMPLETED',
      'SCAN_FAILED',
      'QUOTA_EXCEEDED',
      'QUOTA_WARNING',
      'REPLICATION_COMPLETED',
    ])
      expect(types).toContain(type);
  });

  it('acknowledges ACR pings and Quay builds with 202 and forwards nothing', async () => {
    for (const [source, example] of [
      ['acr', INGEST_EXAMPLES.acr.ping],
      ['quay', INGEST_EXAMPLES.quay.buildSuccess],
    ] as const) {
      const response = await post(source, JSON.stringify(example.body));
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ events: [], ignored: 1 });
    }
    const metrics = await (await fetch(`${stack!.subscriptionsUrl}/metrics`)).text();
    expect(metrics).toMatch(/ingest_ignored_total\{source="quay",reason="build",app="subscriptions"\} [1-9]/);
    expect(metrics).toMatch(/ingest_ignored_total\{source="acr",reason="ping",app="subscriptions"\} [1-9]/);
  });

  it('takes the Docker Hub and Quay tokens from the URL', async () => {
    const response = await stack!.request('POST', `/ingest/v1/quay?token=${tokens.quay}`, {
      token: null,
      rawBody: JSON.stringify(INGEST_EXAMPLES.quay.repoPush.body),
    });
    expect(response.status).toBe(202);
    expect(stack!.subscriptions.logs).not.toContain(tokens.quay);
  });

  it('answers 401 to a missing or wrong token, or the token of another source', async () => {
    const body = JSON.stringify(INGEST_EXAMPLES.harbor.pushArtifact.body);
    for (const token of [null, 'wrong-token-0123456789', tokens.acr]) {
      const response = await post('harbor', body, { token });
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: expect.stringMatching(/harbor/),
      });
    }
  });

  it('answers 400 naming what is wrong for a body that is not the source’s format', async () => {
    const garbage = await post('distribution', 'not json at all', { contentType: 'text/plain' });
    expect(garbage.status).toBe(400);
    expect(garbage.body.message).toMatch(/^not a distribution notification: body is not valid JSON/);
    const harborAsAcr = await post('acr', JSON.stringify(INGEST_EXAMPLES.harbor.pushArtifact.body));
    expect(harborAsAcr.status).toBe(400);
    expect(harborAsAcr.body.message).toMatch(/\/id: is required/);
    const noBody = await stack!.request('POST', '/ingest/v1/dockerhub', { token: tokens.dockerhub });
    expect(noBody.status).toBe(400);
    expect(noBody.body.message).toMatch(/body is empty/);
  });

  it('answers 404 for a source it does not serve and 413 for an oversized body', async () => {
    expect((await post('gitlab', '{}', { token: tokens.distribution })).status).toBe(404);
    const big = JSON.stringify({ events: [], padding: 'x'.repeat(MAX_BODY_BYTES) });
    const tooLarge = await post('distribution', big);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('documents the endpoint in OpenAPI with example bodies of every source', async () => {
    const document = (await (await fetch(`${stack!.subscriptionsUrl}/docs/openapi.json`)).json()) as any;
    const operation = document.paths['/ingest/v1/{source}'].post;
    expect(operation.parameters).toContainEqual(
      expect.objectContaining({
        name: 'source',
        in: 'path',
        schema: expect.objectContaining({ enum: [...INGEST_SOURCES] }),
      }),
    );
    const examples =
      operation.requestBody.content['application/vnd.docker.distribution.events.v1+json'].examples;
    for (const source of INGEST_SOURCES) {
      for (const name of Object.keys(INGEST_EXAMPLES[source])) {
        expect(examples[`${source}.${name}`]?.value).toEqual(INGEST_EXAMPLES[source][name].body);
      }
    }
    expect(Object.keys(operation.responses).sort()).toEqual(['202', '400', '401', '404', '413', '503']);
    expect(document.paths['/api/v1/remote-repositories/{id}/sync']).toBeDefined();
  });

  it('counts every answer by source and result, and logs each request with its id', async () => {
    const metrics = await (await fetch(`${stack!.subscriptionsUrl}/metrics`)).text();
    for (const [source, result] of [
      ['distribution', 'accepted'],
      ['harbor', 'unauthorized'],
      ['distribution', 'bad_request'],
      ['unknown', 'not_found'],
      ['distribution', 'too_large'],
    ])
      expect(metrics).toMatch(
        new RegExp(
          `ingest_requests_total\\{source="${source}",result="${result}",app="subscriptions"\\} [1-9]`,
        ),
      );
    expect(metrics).toMatch(
      /ingest_events_total\{source="harbor",type="REPLICATION_COMPLETED",app="subscriptions"\} 2/,
    );
    const response = await post('acr', JSON.stringify(INGEST_EXAMPLES.acr.push.body));
    const requestId = response.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    // The app's log line may reach its stdout a moment after the answer.
    const logged = () =>
      stack!.subscriptions.logs
        .split('\n')
        .find((l) => l.includes(`"requestId":"${requestId}"`) && l.includes('acr notification'));
    for (let waited = 0; logged() === undefined && waited < 5_000; waited += 100) await sleep(100);
    const line = logged();
    expect(line && JSON.parse(line)).toMatchObject({
      source: 'acr',
      events: [{ type: 'MANIFEST_PUSH' }, { type: 'TAG_PUSH' }],
    });
  });
});

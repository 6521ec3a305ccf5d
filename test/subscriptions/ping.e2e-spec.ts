import { Webhook } from 'standardwebhooks';
import { freePort } from '../../tools/support/src';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

/** POST /webhooks/{id}/ping: a real request to a loopback receiver, answered synchronously and logged. */
describe('ping', () => {
  let stack: Stack;
  let receiver: Receiver;
  let names = 0;

  const createWebhook = async (
    url: string,
    body: Record<string, unknown> = {},
  ): Promise<{ id: string; secret: string }> => {
    names += 1;
    return stack.createWebhook({
      name: `pingtest${names}`,
      scope: { type: 'repository', repository: 'foo/bar' },
      events: ['TAG_PUSH'],
      target: { type: 'http', url, headers: { 'X-Team': 'build' }, authorization: 'Bearer abc' },
      ...body,
    });
  };
  const ping = (id: string, token?: string | null) =>
    stack.request('POST', `/api/v1/webhooks/${id}/ping`, { token });

  beforeAll(async () => {
    [stack, receiver] = await Promise.all([startStack({ dispatchers: 0 }), startReceiver()]);
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  afterEach(() => {
    const state = expect.getState();
    if (state.assertionCalls !== state.numPassingAsserts)
      process.stdout.write(`${state.currentTestName}\n${stack.logs()}\n`);
  });

  it("returns the receiver's answer; the receiver got a signed ping with the webhook's headers", async () => {
    const hook = await createWebhook(receiver.url);
    receiver.respondWith(() => ({
      status: 201,
      headers: { 'content-type': 'text/plain', 'x-answer': 'yes' },
      body: 'pong!',
    }));

    const response = await ping(hook.id);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      deliveryId: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      success: true,
      statusCode: 201,
      durationMs: expect.any(Number),
      response: {
        statusCode: 201,
        headers: expect.objectContaining({ 'x-answer': 'yes' }),
        body: 'pong!',
        truncated: false,
      },
      error: null,
    });

    const [request] = await receiver.waitForRequests(
      1,
      5_000,
      (r) => r.headers['webhook-id'] === response.body.deliveryId,
    );
    expect(new Webhook(hook.secret).verify(request.body, request.headers)).toMatchObject({
      type: 'PING',
      id: response.body.deliveryId,
    });
    expect(request.headers).toMatchObject({
      'x-team': 'build',
      authorization: 'Bearer abc',
      'content-type': expect.stringMatching(/^application\/json/),
    });
  });

  it('appears in the delivery log as a ping with one attempt, credentials redacted', async () => {
    const hook = await createWebhook(receiver.url);
    receiver.respondWith(() => ({ status: 200, body: 'ok' }));
    const { body: result } = await ping(hook.id);

    const delivery = await stack.request('GET', `/api/v1/deliveries/${result.deliveryId}`);
    expect(delivery.status).toBe(200);
    expect(delivery.body).toMatchObject({
      id: result.deliveryId,
      webhookId: hook.id,
      eventId: result.deliveryId,
      eventType: 'PING',
      kind: 'ping',
      status: 'succeeded',
      attemptCount: 1,
      attempts: [
        {
          number: 1,
          durationMs: result.durationMs,
          request: {
            url: receiver.url,
            headers: expect.objectContaining({ authorization: '[redacted]', 'x-team': 'build' }),
          },
          response: { statusCode: 200, body: 'ok' },
          error: null,
          outcome: 'succeeded',
        },
      ],
    });
    const list = await stack.request('GET', `/api/v1/webhooks/${hook.id}/deliveries`);
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([result.deliveryId]);
    // A ping is no event: it does not count as a trigger and cannot be redelivered.
    expect((await stack.request('GET', `/api/v1/webhooks/${hook.id}/last-trigger`)).body).toEqual([]);
    expect((await stack.request('POST', `/api/v1/deliveries/${result.deliveryId}/redeliver`)).status).toBe(
      409,
    );
  });

  it('reports a closed port as a connection error, not a server error, and logs the failure', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/hook`;
    const hook = await createWebhook(closed);
    const response = await ping(hook.id);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      deliveryId: expect.any(String),
      success: false,
      statusCode: null,
      durationMs: expect.any(Number),
      response: null,
      error: { code: 'connection_refused', message: expect.any(String) },
    });
    const delivery = await stack.request('GET', `/api/v1/deliveries/${response.body.deliveryId}`);
    expect(delivery.body).toMatchObject({
      status: 'failed',
      attempts: [{ response: null, error: { code: 'connection_refused' }, outcome: 'failed' }],
    });
  });

  it('reports a non-2xx answer as success:false with the answer', async () => {
    const hook = await createWebhook(receiver.url);
    receiver.respondWith(() => ({ status: 500, body: 'broken' }));
    const response = await ping(hook.id);
    expect(response.body).toMatchObject({
      success: false,
      statusCode: 500,
      response: { statusCode: 500, body: 'broken' },
      error: null,
    });
  });

  it('answers 404 for a webhook the caller may not see, 400 for a malformed id, 401 without a token', async () => {
    const hook = await createWebhook(receiver.url);
    const outsider = await stack.tokenFor({
      sub: 'eve',
      access: [{ type: 'repository', name: 'other/x', actions: ['admin'] }],
    });
    expect((await ping(hook.id, outsider)).status).toBe(404);
    expect((await ping('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await ping('nope')).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringContaining('id'),
    });
    expect((await ping(hook.id, null)).status).toBe(401);
  });

  describe('with private networks refused (the production default)', () => {
    let guarded: Stack;

    beforeAll(async () => {
      guarded = await startStack({ dispatchers: 0, env: { DELIVERY_ALLOW_PRIVATE_NETWORKS: 'false' } });
    });

    afterAll(async () => {
      await guarded?.stop();
    });

    it('refuses a name resolving to loopback with blocked_address, sending nothing', async () => {
      const before = receiver.requests.length;
      // Literal private addresses are refused when the webhook is written; names only at delivery.
      const hook = await guarded.createWebhook({
        name: `guarded${(names += 1)}`,
        scope: { type: 'repository', repository: 'foo/bar' },
        events: ['TAG_PUSH'],
        target: { type: 'http', url: receiver.url.replace('127.0.0.1', 'localhost') },
      });
      const response = await guarded.request('POST', `/api/v1/webhooks/${hook.id}/ping`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        success: false,
        statusCode: null,
        response: null,
        error: { code: 'blocked_address' },
      });
      expect(receiver.requests.length).toBe(before);
    });
  });
});

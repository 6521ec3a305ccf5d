import fc from 'fast-check';
import { printLogsOnFailure } from '../support/helpers';
import { Stack, startStack } from '../support/stack';
import { httpWebhook } from './webhook-bodies';

/** Whatever JSON arrives, the answer is never a 500. */
describe('subscriptions API under random bodies', () => {
  let stack: Stack;
  let id: string;

  beforeAll(async () => {
    stack = await startStack({ dispatchers: 0 });
    id = (await stack.createWebhook(httpWebhook({ name: 'fuzztarget' }))).id;
  });
  afterAll(() => stack?.stop());
  printLogsOnFailure(() => stack);

  const valid = httpWebhook({ name: 'fuzzbase01' });
  /** Random JSON, plus near-valid bodies with one field replaced by random JSON (deeper into validation). */
  const body = fc.oneof(
    fc.jsonValue(),
    fc.dictionary(
      fc.constantFrom(
        'name',
        'scope',
        'events',
        'target',
        'format',
        'retry',
        'rateLimitPerSecond',
        'secret',
        'ids',
        'action',
        'enabled',
        'draft',
        'eventType',
        'since',
      ),
      fc.jsonValue(),
    ),
    fc
      .record({
        field: fc.constantFrom(...Object.keys(valid), 'description', 'retry', 'ordered', 'cloudEventsMode'),
        value: fc.jsonValue(),
      })
      .map(({ field, value }) => ({ ...valid, name: 'fuzzvalid1', [field]: value })),
    fc
      .record({
        field: fc.constantFrom('type', 'url', 'headers', 'authorization', 'verifyTls', 'caCert'),
        value: fc.jsonValue(),
      })
      .map(({ field, value }) => ({
        ...valid,
        name: 'fuzzvalid2',
        target: { type: 'http', url: 'https://x.example.com', [field]: value },
      })),
    // A preview: its draft is checked field by field like a PATCH.
    fc.record({ draft: fc.jsonValue(), eventType: fc.constantFrom('TAG_PUSH', 'push', 'NOPE') }),
    fc
      .record({ field: fc.constantFrom(...Object.keys(valid)), value: fc.jsonValue() })
      .map(({ field, value }) => ({ draft: { ...valid, [field]: value }, eventType: 'SCAN_COMPLETED' })),
  );

  const routes: [string, string][] = [
    ['POST', '/api/v1/webhooks'],
    ['PATCH', '/api/v1/webhooks/{id}'],
    ['POST', '/api/v1/webhooks/bulk'],
    ['POST', '/api/v1/webhooks/{id}/rotate-secret'],
    ['POST', '/api/v1/webhooks/preview'],
    ['POST', '/api/v1/webhooks/{id}/recover'],
  ];

  it.each(routes)('%s %s never answers 500', async (method, path) => {
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const response = await stack.request(method, path.replace('{id}', id), {
          rawBody: JSON.stringify(value),
        });
        if (response.status >= 500)
          throw new Error(`${response.status} for ${JSON.stringify(value).slice(0, 500)}: ${response.text}`);
        if (response.status >= 400) {
          expect(response.body).toEqual({
            statusCode: response.status,
            error: expect.any(String),
            message: expect.any(String),
          });
        }
      }),
      { numRuns: 100 },
    );
  });
});

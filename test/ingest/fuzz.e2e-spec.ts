import { INGEST_EXAMPLES, INGEST_SOURCES, IngestSource } from '@app/events';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { printLogsOnFailure } from '../support/helpers';
import { Stack, startStack } from '../support/stack';

const tokens = Object.fromEntries(
  INGEST_SOURCES.map((source) => [source, randomBytes(20).toString('hex')]),
) as Record<IngestSource, string>;

/** Replaces the value at one random path of `value` (a JSON tree) with `replacement`. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const entries = Object.entries(value);
  if (entries.length === 0) return replacement;
  const [key, child] = entries[path[0] % entries.length];
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...value };
  (copy as Record<string, unknown>)[key] = mutate(child, path.slice(1), replacement);
  return copy;
}

/** Whatever arrives at an ingest endpoint, with whatever Content-Type, the answer is never a 500. */
describe('ingest under random bodies', () => {
  let stack: Stack;
  printLogsOnFailure(() => stack);

  beforeAll(async () => {
    stack = await startStack({
      dispatchers: 0,
      subscriptionsEnv: {
        INGEST_TOKENS: INGEST_SOURCES.map((source) => `${source}=${tokens[source]}`).join(','),
      },
    });
  });
  afterAll(() => stack?.stop());

  const contentType = fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-16',
      'application/vnd.docker.distribution.events.v1+json',
      'application/vnd.docker.distribution.events.v2+json',
      'application/cloudevents+json; charset=UTF-8',
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      '',
    ),
    fc.string({ maxLength: 40 }),
  );

  const body = (source: IngestSource) => {
    const examples = Object.values(INGEST_EXAMPLES[source]).map((example) => example.body);
    return fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      // Near-valid: a real notification with one value somewhere replaced by random JSON.
      fc
        .record({
          example: fc.constantFrom(...examples),
          path: fc.array(fc.nat(), { maxLength: 5 }),
          value: fc.jsonValue(),
        })
        .map(({ example, path, value }) => JSON.stringify(mutate(example, path, value))),
    );
  };

  it.each(INGEST_SOURCES)('POST /ingest/v1/%s never answers 500', async (source) => {
    await fc.assert(
      fc.asyncProperty(body(source), contentType, async (text, type) => {
        const response = await stack.request('POST', `/ingest/v1/${source}`, {
          token: tokens[source],
          rawBody: text,
          headers: type === '' ? {} : { 'content-type': type },
        });
        if (response.status >= 500)
          throw new Error(`${response.status} for ${type} ${text.slice(0, 500)}: ${response.text}`);
        expect([202, 400, 415]).toContain(response.status);
        if (response.status >= 400) {
          expect(response.body).toEqual({
            statusCode: response.status,
            error: expect.any(String),
            message: expect.any(String),
          });
        }
      }),
      { numRuns: 150 },
    );
  });
});

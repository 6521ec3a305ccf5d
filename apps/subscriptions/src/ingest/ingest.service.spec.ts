import { CanonicalEvent, INGEST_EXAMPLES } from '@app/events';
import {
  BadRequestException,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { loadAppConfig } from '../config';
import { withoutToken } from '../logging';
import { MetricsService } from '../metrics/metrics.service';
import { ingestSourceOf } from './ingest-http';
import { IngestMetrics } from './ingest-metrics';
import { IngestRequest, IngestService } from './ingest.service';

const TOKEN = 'distribution-token-0123456789';

function service(
  publish: (events: readonly CanonicalEvent[]) => Promise<void>,
  env: Record<string, string> = {},
) {
  const config = loadAppConfig({
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/webhooks',
    KAFKA_BROKERS: 'localhost:9092',
    AUTH_JWT_SECRET: 'secret',
    INGEST_TOKENS: `distribution=${TOKEN},quay=quay-token-0123456789`,
    INGEST_PUBLISH_TIMEOUT: '200ms',
    ...env,
  });
  const metrics = new MetricsService();
  return { ingest: new IngestService(config, { publish }, new IngestMetrics(metrics)), metrics };
}

const push = (overrides: Partial<IngestRequest> = {}): IngestRequest => ({
  authorization: `Bearer ${TOKEN}`,
  contentType: 'application/vnd.docker.distribution.events.v1+json',
  body: Buffer.from(JSON.stringify(INGEST_EXAMPLES.distribution.push.body)),
  requestId: 'req-1',
  ...overrides,
});

describe('IngestService', () => {
  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  it('publishes the canonical events and answers with their ids once Kafka acknowledged them', async () => {
    const published: CanonicalEvent[] = [];
    const { ingest, metrics } = service(async (events) => void published.push(...events));
    const result = await ingest.receive('distribution', push());
    expect(result.events.map((e) => e.type)).toEqual(['MANIFEST_PUSH', 'TAG_PUSH']);
    expect(published.map((e) => e.id)).toEqual(result.events.map((e) => e.id));
    expect(result.ignored).toBe(0);
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'ingest_events_total{source="distribution",type="TAG_PUSH",app="subscriptions"} 1',
    );
  });

  it('counts a blob upload and forwards nothing', async () => {
    const { ingest, metrics } = service(async (events) => expect(events).toEqual([]));
    const body = Buffer.from(JSON.stringify(INGEST_EXAMPLES.distribution.blobPush.body));
    expect(await ingest.receive('distribution', push({ body }))).toEqual({ events: [], ignored: 1 });
    expect(await metrics.registry.metrics()).toContain(
      'ingest_ignored_total{source="distribution",reason="blob",app="subscriptions"} 1',
    );
  });

  it('takes the token from the URL for registries that cannot send headers', async () => {
    const { ingest } = service(async () => undefined);
    const body = Buffer.from(JSON.stringify(INGEST_EXAMPLES.quay.repoPush.body));
    const result = await ingest.receive('quay', {
      body,
      queryToken: 'quay-token-0123456789',
      requestId: 'r',
    });
    expect(result.events).toHaveLength(2);
  });

  it.each([
    ['an unknown source', 'gitlab', push()],
    ['a source without a token', 'harbor', push()],
  ])('answers 404 for %s', async (_name, source, request) => {
    await expect(service(async () => undefined).ingest.receive(source, request)).rejects.toThrow(
      NotFoundException,
    );
  });

  it('answers 404 for every source when ingest is off', async () => {
    const { ingest } = service(async () => undefined, { INGEST_TOKENS: '' });
    await expect(ingest.receive('distribution', push())).rejects.toThrow(
      'ingest is off (INGEST_TOKENS is not set)',
    );
  });

  it.each([
    ['no token', { authorization: undefined }],
    ['a wrong token', { authorization: 'Bearer nope' }],
    ["another source's token", { authorization: 'Bearer quay-token-0123456789' }],
    ['a token that is not a bearer token', { authorization: TOKEN }],
  ])('answers 401 for %s', async (_name, overrides) => {
    await expect(
      service(async () => undefined).ingest.receive('distribution', push(overrides)),
    ).rejects.toThrow(UnauthorizedException);
  });

  it('answers 400 naming what is wrong, without publishing', async () => {
    const publish = jest.fn(async () => undefined);
    const { ingest } = service(publish);
    const body = Buffer.from(JSON.stringify({ events: [{ action: 'push' }] }));
    const failure = ingest.receive('distribution', push({ body }));
    await expect(failure).rejects.toThrow(BadRequestException);
    await expect(failure).rejects.toThrow(/^not a distribution notification: \/events\/0\/id: is required/);
    await expect(ingest.receive('distribution', push({ body: undefined }))).rejects.toThrow(/body is empty/);
    expect(publish).not.toHaveBeenCalled();
  });

  it('answers 503 when Kafka fails or does not acknowledge in time', async () => {
    const failing = service(async () => Promise.reject(new Error('broker down')));
    await expect(failing.ingest.receive('distribution', push())).rejects.toThrow(ServiceUnavailableException);
    const hanging = service(() => new Promise(() => undefined));
    await expect(hanging.ingest.receive('distribution', push())).rejects.toThrow(
      /Kafka did not acknowledge the events in time/,
    );
  });
});

describe('ingestSourceOf', () => {
  it.each([
    ['/ingest/v1/distribution', 'distribution'],
    ['/ingest/v1/quay?token=abc', 'quay'],
    ['/ingest/v1/acr/', 'acr'],
    ['/ingest/v1/anything', 'anything'],
    ['/ingest/v1/a/b', undefined],
    ['/api/v1/webhooks', undefined],
    ['/ingest/v2/distribution', undefined],
  ])('%s → %s', (url, source) => {
    expect(ingestSourceOf(url)).toBe(source);
  });
});

describe('withoutToken', () => {
  it.each([
    ['/ingest/v1/quay?token=s3cr3t', '/ingest/v1/quay?token=[redacted]'],
    ['/ingest/v1/dockerhub?a=1&token=s3cr3t&b=2', '/ingest/v1/dockerhub?a=1&token=[redacted]&b=2'],
    ['/api/v1/webhooks?page=2', '/api/v1/webhooks?page=2'],
    ['/x?notatoken=1', '/x?notatoken=1'],
  ])('%s → %s', (url, logged) => {
    expect(withoutToken(url)).toBe(logged);
  });
});

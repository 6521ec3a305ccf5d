import { EVENT_TYPES, type CanonicalEvent } from '@app/events';
import { FIXTURE_EVENTS, FIXTURE_NOW, fixtureContext } from '../__fixtures__/fixtures';
import { formatEvent, formatPing } from '../registry';
import { typeNameIn } from '../type-names';

const ctx = fixtureContext('dtr');
const dtr = (event: CanonicalEvent): any => JSON.parse(formatEvent(event, ctx).body);

describe('DtrFormatter', () => {
  it.each(EVENT_TYPES)('%s: {type, createdAt, contents} with DTR’s name', (type) => {
    const body = dtr(FIXTURE_EVENTS[type]);
    expect(Object.keys(body).slice(0, 3)).toEqual(['type', 'createdAt', 'contents']);
    expect(body.type).toBe(typeNameIn('dtr', type));
    expect(body.createdAt).toBe(FIXTURE_EVENTS[type].occurredAt);
  });

  it('sends TAG_PUSH with DTR’s fields, in DTR’s order, and the UI location', () => {
    const body = dtr(FIXTURE_EVENTS.TAG_PUSH);
    expect(body.contents).toEqual({
      namespace: 'acme',
      repository: 'payments-api',
      tag: '2.4.1',
      digest: FIXTURE_EVENTS.TAG_PUSH.target.digest,
      imageName: 'registry.example.com/acme/payments-api:2.4.1',
      os: 'linux',
      architecture: 'amd64',
      author: 'alice',
      pushedAt: FIXTURE_EVENTS.TAG_PUSH.occurredAt,
    });
    expect(Object.keys(body.contents)).toEqual([
      'namespace',
      'repository',
      'tag',
      'digest',
      'imageName',
      'os',
      'architecture',
      'author',
      'pushedAt',
    ]);
    expect(body.location).toBe('/repositories/acme/payments-api/tags/2.4.1');
    expect(dtr(FIXTURE_EVENTS.TAG_DELETE).contents).toHaveProperty(
      'deletedAt',
      FIXTURE_EVENTS.TAG_DELETE.occurredAt,
    );
    expect(dtr(FIXTURE_EVENTS.TAG_PULL).contents).toHaveProperty(
      'pulledAt',
      FIXTURE_EVENTS.TAG_PULL.occurredAt,
    );
  });

  it('sends manifest events without a tag, naming the image by digest', () => {
    const contents = dtr(FIXTURE_EVENTS.MANIFEST_PUSH).contents;
    expect(contents).not.toHaveProperty('tag');
    expect(contents.imageName).toBe(
      `registry.example.com/acme/payments-api@${FIXTURE_EVENTS.MANIFEST_PUSH.target.digest}`,
    );
  });

  it('adds the source and target of a promotion or a mirror to the TAG_PUSH shape', () => {
    expect(dtr(FIXTURE_EVENTS.PROMOTION).contents).toMatchObject({
      promotionPolicyID: 'promote-to-prod',
      sourceRepository: 'acme/payments-api',
      sourceTag: '2.4.1',
      targetRepository: 'acme/payments-api-prod',
      targetTag: '2.4.1',
      pushedAt: FIXTURE_EVENTS.PROMOTION.occurredAt,
    });
    expect(dtr(FIXTURE_EVENTS.POLL_MIRRORING).contents).toMatchObject({
      tag: '1.27.3',
      author: 'bob',
      pushedAt: FIXTURE_EVENTS.POLL_MIRRORING.data.finishedAt,
      sourceRegistry: 'https://hub.docker.com',
      sourceRepository: 'library/nginx',
      targetRepository: 'acme/nginx',
    });
  });

  it('summarises a scan as critical/major/minor and reports a failure’s error', () => {
    expect(dtr(FIXTURE_EVENTS.SCAN_COMPLETED).contents.scanSummary).toEqual({
      namespace: 'acme',
      repository: 'payments-api',
      reponame: 'payments-api',
      tag: '2.4.1',
      critical: 1,
      major: 4,
      minor: 18,
      last_scan_status: 6,
      check_completed_at: FIXTURE_EVENTS.SCAN_COMPLETED.data.finishedAt,
    });
    expect(dtr(FIXTURE_EVENTS.SCAN_FAILED).contents).toEqual({
      namespace: 'acme',
      repository: 'payments-api',
      tag: '2.5.0-rc.1',
      imageName: 'registry.example.com/acme/payments-api:2.5.0-rc.1',
      error: FIXTURE_EVENTS.SCAN_FAILED.data.error,
    });
  });

  it('sends repository events as {namespace, repository, event, author, data}', () => {
    expect(dtr(FIXTURE_EVENTS.REPO_UPDATED).contents).toEqual({
      namespace: 'acme',
      repository: 'ledger',
      event: 'updated',
      author: 'alice',
      data: FIXTURE_EVENTS.REPO_UPDATED.data,
    });
  });

  it('sends the scanner update with DTR’s snake_case fields', () => {
    const contents = dtr(FIXTURE_EVENTS.SCANNER_UPDATE_COMPLETED).contents;
    expect(Object.keys(contents)).toEqual([
      'scanner_version',
      'scanner_updated_at',
      'db_version',
      'db_updated_at',
      'success',
      'replicas',
    ]);
    expect(contents.replicas['3f9e2a1b7c4d']).toEqual({
      db_updated_at: '2026-11-22T10:19:38.000Z',
      version: '0.58.1',
      replica_id: '3f9e2a1b7c4d',
    });
  });

  it('keeps our name and data for types DTR lacks', () => {
    const body = dtr(FIXTURE_EVENTS.QUOTA_EXCEEDED);
    expect(body.type).toBe('QUOTA_EXCEEDED');
    expect(body.contents).toEqual({ namespace: 'acme', ...FIXTURE_EVENTS.QUOTA_EXCEEDED.data });
    expect(body).not.toHaveProperty('location');
  });

  it('pings with a PING envelope', () => {
    expect(JSON.parse(formatPing(ctx, FIXTURE_NOW).body)).toEqual({
      type: 'PING',
      createdAt: '2026-11-22T12:00:00.000Z',
      contents: { subscriptionId: ctx.subscription.id, subscriptionName: 'buildhook01' },
    });
  });
});

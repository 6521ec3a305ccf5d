import type {
  Actor,
  ArtifactEvent,
  CanonicalEvent,
  ChartEvent,
  EventType,
  Format,
  QuotaEvent,
  ReplicationEvent,
  RepositoryEvent,
  RequestInfo,
  ScanEvent,
  SystemEvent,
  Target,
} from '@app/events';
import type { DeliveryContext } from '../formatter';
import type { ChatChannel } from '../registry';

/**
 * One realistic canonical event per type, a fixed clock and fixed ids: the input of the golden
 * files, the property tests' seeds and the benchmark. Every event is valid against its family's
 * envelope schema (checked in fixtures.spec.ts).
 */

const SOURCE = 'registry.example.com';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

const DIGEST = {
  release: 'sha256:2c983205795bbf038b585fa925adeb03a8d47c4d2729ea7a4a6fdba32d9ef752',
  previous: 'sha256:c0b9a244235c3a8ca858d96323f6b438b59a36accc7a4dc3559ac91314968188',
  arm64: 'sha256:589c7eaacd1ee0726f18b13aa5b368c07f667a5e22125e87c27f5e3f10974afe',
  amd64: 'sha256:35c53b7986dfb2897e7e2e9cdf56c69a49d2c1bcccaea7c310d60b11b59c9397',
  chart: 'sha256:3f3cde6d1eaf0401d269cd80ba5effd40f9ffe5aab374492fd41cef0457908c9',
  oldChart: 'sha256:a453f21dd242667a5f4c6508ff8989917d0056f2f654f7e6a36b9748b0687049',
  nginx: 'sha256:cd4a02acd61011d8970c15ccd029e4964e2ea814babbf6db5fbeff93f43e1f27',
  next: 'sha256:cb3aa06db7d4174f063b9f0e40ede1c72ff73e64a7842a8a24768ce6ee4e0918',
  config: 'sha256:c963f8b8c5b2e26bec3027bd7ccb5b71529fcbf1f70cb8e1d94923e81824c229',
  layer: 'sha256:9e74f5551d3d4b993ef7f1a4102c273f60af8b029d882d4d709430e766c5c375',
} as const;

const ALICE: Actor = { name: 'alice', type: 'user' };
const BOB: Actor = { name: 'bob', type: 'user' };
const CI: Actor = { name: 'robot$acme+ci', type: 'robot' };
const SYSTEM: Actor = { name: 'registry', type: 'system' };

const DOCKER_AGENT = 'docker/27.3.1 go/go1.22.7 git-commit/41ca978 kernel/6.8.0-49-generic os/linux arch/amd64';
const request = (id: string, method: string, addr = '10.20.30.40:51234', useragent = DOCKER_AGENT): RequestInfo => ({
  id,
  addr,
  host: SOURCE,
  method,
  useragent,
});

const PAYMENTS = { namespace: 'acme', repository: 'acme/payments-api' };
const RELEASE: Target = {
  ...PAYMENTS,
  tag: '2.4.1',
  digest: DIGEST.release,
  mediaType: OCI_INDEX,
  size: 1843,
  url: `${SOURCE}/acme/payments-api:2.4.1`,
};
const PAYMENTS_REPO = { repositoryVisibility: 'private', repositoryCreatedAt: '2025-03-14T08:30:00Z' } as const;

const TAG_PUSH: ArtifactEvent = {
  specversion: '1',
  id: '01M81B5H80ZWQZ0A3FVYA67GKK',
  type: 'TAG_PUSH',
  occurredAt: '2026-11-22T10:00:00.123Z',
  source: SOURCE,
  actor: ALICE,
  target: RELEASE,
  request: request('1150de41-0caa-46ba-8c45-dcb131a63fee', 'PUT'),
  data: {
    tags: ['2.4.1', 'latest'],
    os: 'linux',
    architecture: 'amd64',
    author: 'alice',
    ...PAYMENTS_REPO,
    references: [DIGEST.amd64, DIGEST.arm64],
  },
};

const TAG_PULL: ArtifactEvent = {
  specversion: '1',
  id: '01M81B7BV08DHRX6JKV47A5C1C',
  type: 'TAG_PULL',
  occurredAt: '2026-11-22T10:01:07.480Z',
  source: SOURCE,
  actor: CI,
  target: RELEASE,
  request: request('f97bd648-9b5a-48b7-ac97-db9f8de3f25c', 'GET', '10.20.31.7:40112', 'containerd/v1.7.22'),
  data: { tags: ['2.4.1', 'latest'], os: 'linux', architecture: 'amd64', ...PAYMENTS_REPO },
};

const TAG_DELETE: ArtifactEvent = {
  specversion: '1',
  id: '01M81B96E01CN9CJJBZ1EHATQE',
  type: 'TAG_DELETE',
  occurredAt: '2026-11-22T10:02:15.002Z',
  source: SOURCE,
  actor: ALICE,
  target: { ...PAYMENTS, tag: '2.3.0', digest: DIGEST.previous, mediaType: OCI_INDEX, url: `${SOURCE}/acme/payments-api:2.3.0` },
  request: request('3f709d51-937d-41da-b9c3-ec04adb2a5a1', 'DELETE', '10.20.30.41:60001', 'regctl/v0.7.1'),
  data: { ...PAYMENTS_REPO },
};

const MANIFEST_PUSH: ArtifactEvent = {
  specversion: '1',
  id: '01M81BB110M9YZ7F188ZTKJH4H',
  type: 'MANIFEST_PUSH',
  occurredAt: '2026-11-22T10:03:41.900Z',
  source: SOURCE,
  actor: CI,
  target: {
    ...PAYMENTS,
    digest: DIGEST.arm64,
    mediaType: OCI_MANIFEST,
    size: 1021,
    url: `${SOURCE}/acme/payments-api@${DIGEST.arm64}`,
  },
  request: request('51ce6090-7936-49cf-86d3-4659163ba367', 'PUT', '10.20.31.7:40188', 'buildkit/v0.17'),
  data: { os: 'linux', architecture: 'arm64', ...PAYMENTS_REPO, references: [DIGEST.config, DIGEST.layer] },
};

const MANIFEST_PULL: ArtifactEvent = {
  specversion: '1',
  id: '01M81BCVM0F128MS4AFP7NE021',
  type: 'MANIFEST_PULL',
  occurredAt: '2026-11-22T10:04:02.311Z',
  source: SOURCE,
  actor: BOB,
  target: { ...PAYMENTS, digest: DIGEST.arm64, mediaType: OCI_MANIFEST, size: 1021 },
  request: request('6b1f0c2e-8d43-4c55-a0f7-2e91b6c3d4a8', 'GET', '192.168.7.22:53311', 'skopeo/1.16.1'),
  data: { os: 'linux', architecture: 'arm64' },
};

const MANIFEST_DELETE: ArtifactEvent = {
  specversion: '1',
  id: '01M81BEP709JRQCXTNFC0KTQA7',
  type: 'MANIFEST_DELETE',
  occurredAt: '2026-11-22T10:05:30.000Z',
  source: SOURCE,
  actor: ALICE,
  target: { ...PAYMENTS, digest: DIGEST.previous, mediaType: OCI_INDEX },
  request: request('0e7d4c1a-5b29-4f63-9a18-c4e2d7f09b35', 'DELETE', '10.20.30.41:60010', 'regctl/v0.7.1'),
  data: { ...PAYMENTS_REPO },
};

const PROMOTION: ArtifactEvent = {
  specversion: '1',
  id: '01M81BGGT05KS00JZARTQ7H1BH',
  type: 'PROMOTION',
  occurredAt: '2026-11-22T10:06:12.640Z',
  source: SOURCE,
  actor: SYSTEM,
  target: {
    namespace: 'acme',
    repository: 'acme/payments-api-prod',
    tag: '2.4.1',
    digest: DIGEST.release,
    mediaType: OCI_INDEX,
    size: 1843,
    url: `${SOURCE}/acme/payments-api-prod:2.4.1`,
  },
  data: {
    tags: ['2.4.1'],
    repositoryVisibility: 'private',
    promotion: { policy: 'promote-to-prod', sourceRepository: 'acme/payments-api', sourceTag: '2.4.1' },
  },
};

const CHARTS = { namespace: 'acme', repository: 'acme/charts/payments' };

const CHART_PUSH: ChartEvent = {
  specversion: '1',
  id: '01M81BJBD0BHGFEH3ZM11C70YJ',
  type: 'CHART_PUSH',
  occurredAt: '2026-11-22T10:07:45.018Z',
  source: SOURCE,
  actor: ALICE,
  target: {
    ...CHARTS,
    tag: '1.8.0_build.5',
    digest: DIGEST.chart,
    mediaType: OCI_MANIFEST,
    size: 793,
    url: `${SOURCE}/acme/charts/payments:1.8.0_build.5`,
  },
  request: request('9a4e6c31-7f25-4b80-8d1e-3c57a9b0e2f6', 'PUT', '10.20.30.40:51301', 'Helm/3.16.3'),
  data: { chart: { name: 'payments', version: '1.8.0+build.5' }, repositoryVisibility: 'public' },
};

const CHART_PULL: ChartEvent = {
  specversion: '1',
  id: '01M81BM600A7BV2ACT0134N8T6',
  type: 'CHART_PULL',
  occurredAt: '2026-11-22T10:08:20.550Z',
  source: SOURCE,
  actor: CI,
  target: { ...CHARTS, tag: '1.8.0_build.5', digest: DIGEST.chart, mediaType: OCI_MANIFEST, size: 793 },
  data: { chart: { name: 'payments', version: '1.8.0+build.5' }, repositoryVisibility: 'public' },
};

const CHART_DELETE: ChartEvent = {
  specversion: '1',
  id: '01M81BP0K00R8SW8XKD9BTC172',
  type: 'CHART_DELETE',
  occurredAt: '2026-11-22T10:09:03.777Z',
  source: SOURCE,
  actor: ALICE,
  target: { ...CHARTS, tag: '1.7.2', digest: DIGEST.oldChart, mediaType: OCI_MANIFEST, size: 781 },
  data: { chart: { name: 'payments', version: '1.7.2' }, repositoryVisibility: 'public' },
};

const TRIVY = { name: 'Trivy', vendor: 'Aqua Security', version: '0.58.1' };

const SCAN_COMPLETED: ScanEvent = {
  specversion: '1',
  id: '01M81BQV60Z1CB48HQV7FMFQ8G',
  type: 'SCAN_COMPLETED',
  occurredAt: '2026-11-22T10:10:31.204Z',
  source: SOURCE,
  actor: SYSTEM,
  target: RELEASE,
  data: {
    reportId: 'b8f3c2a1-4d6e-4f70-9a2b-3c4d5e6f7a8b',
    scanner: TRIVY,
    status: 'completed',
    startedAt: '2026-11-22T10:10:17.004Z',
    finishedAt: '2026-11-22T10:10:31.120Z',
    severity: 'Critical',
    summary: { total: 23, fixable: 17, critical: 1, high: 4, medium: 11, low: 7 },
    reportUrl: 'https://registry.example.com/ui/acme/payments-api/scans/b8f3c2a1-4d6e-4f70-9a2b-3c4d5e6f7a8b',
  },
};

const SCAN_FAILED: ScanEvent = {
  specversion: '1',
  id: '01M81BSNS055X16X7ZE8JJ5XN9',
  type: 'SCAN_FAILED',
  occurredAt: '2026-11-22T10:11:58.390Z',
  source: SOURCE,
  actor: SYSTEM,
  target: { ...PAYMENTS, tag: '2.5.0-rc.1', digest: DIGEST.next, mediaType: OCI_INDEX, url: `${SOURCE}/acme/payments-api:2.5.0-rc.1` },
  data: {
    scanner: TRIVY,
    status: 'failed',
    startedAt: '2026-11-22T10:11:02.000Z',
    finishedAt: '2026-11-22T10:11:58.301Z',
    error: 'failed to download vulnerability DB: context deadline exceeded',
  },
};

const PUSH_MIRRORING: ReplicationEvent = {
  specversion: '1',
  id: '01M81BVGC0TPYTMCKPW0KY3KMC',
  type: 'PUSH_MIRRORING',
  occurredAt: '2026-11-22T10:12:40.015Z',
  source: SOURCE,
  actor: SYSTEM,
  target: { ...PAYMENTS, tag: '2.4.1', digest: DIGEST.release },
  data: {
    policy: { id: '7', name: 'mirror-to-dr', creator: 'alice' },
    executionId: '1042',
    trigger: 'event_based',
    status: 'succeeded',
    startedAt: '2026-11-22T10:12:31.700Z',
    finishedAt: '2026-11-22T10:12:39.950Z',
    source: { name: 'local', type: 'harbor', endpoint: 'https://registry.example.com', repository: 'acme/payments-api' },
    destination: {
      name: 'dr-site',
      type: 'docker-registry',
      endpoint: 'https://dr.registry.example.net',
      namespace: 'acme',
      repository: 'acme/payments-api',
    },
    succeeded: [{ type: 'image', repository: 'acme/payments-api', tags: ['2.4.1'], digest: DIGEST.release }],
    failed: [],
  },
};

const POLL_MIRRORING: ReplicationEvent = {
  specversion: '1',
  id: '01M81BXAZ0YDM23SXGMA883KFG',
  type: 'POLL_MIRRORING',
  occurredAt: '2026-11-22T10:13:09.431Z',
  source: SOURCE,
  actor: SYSTEM,
  target: { namespace: 'acme', repository: 'acme/nginx', tag: '1.27.3', digest: DIGEST.nginx },
  data: {
    policy: { id: '9', name: 'mirror-nginx', creator: 'bob' },
    executionId: '1043',
    trigger: 'scheduled',
    status: 'succeeded',
    startedAt: '2026-11-22T10:13:00.000Z',
    finishedAt: '2026-11-22T10:13:09.400Z',
    source: { name: 'docker-hub', type: 'docker-hub', endpoint: 'https://hub.docker.com', repository: 'library/nginx' },
    destination: { name: 'local', type: 'harbor', endpoint: 'https://registry.example.com', repository: 'acme/nginx' },
    succeeded: [{ type: 'image', repository: 'acme/nginx', tags: ['1.27.3'], digest: DIGEST.nginx }],
    failed: [],
  },
};

const REPLICATION_COMPLETED: ReplicationEvent = {
  specversion: '1',
  id: '01M81BZ5J0ZXNX2DDJ7YX5P0NP',
  type: 'REPLICATION_COMPLETED',
  occurredAt: '2026-11-22T10:14:55.812Z',
  source: SOURCE,
  actor: SYSTEM,
  target: { namespace: 'acme' },
  data: {
    policy: {
      id: '12',
      name: 'nightly-backup',
      description: 'Nightly copy of release images to the backup site',
      creator: 'admin',
    },
    executionId: '3318',
    trigger: 'scheduled',
    status: 'partial',
    startedAt: '2026-11-22T10:00:00.000Z',
    finishedAt: '2026-11-22T10:14:55.700Z',
    overrideMode: true,
    source: { name: 'local', type: 'harbor', endpoint: 'https://registry.example.com', namespace: 'acme' },
    destination: { name: 'backup', type: 'harbor', endpoint: 'https://backup.example.net', namespace: 'acme-backup' },
    succeeded: [
      { type: 'image', repository: 'acme/payments-api', tags: ['2.4.1', 'latest'], digest: DIGEST.release },
      { type: 'chart', repository: 'acme/charts/payments', tags: ['1.8.0_build.5'], digest: DIGEST.chart },
    ],
    failed: [{ type: 'image', repository: 'acme/ledger', tags: ['0.9.0'], error: 'unauthorized: authentication required' }],
  },
};

const GIB = 1024 ** 3;

const QUOTA_EXCEEDED: QuotaEvent = {
  specversion: '1',
  id: '01M81C10503Q1FNBT191NM9M9Z',
  type: 'QUOTA_EXCEEDED',
  occurredAt: '2026-11-22T10:15:20.066Z',
  source: SOURCE,
  actor: CI,
  target: { namespace: 'acme' },
  data: {
    hard: { storage: 10 * GIB, count: -1 },
    used: { storage: 10_905_190_400, count: 812 },
    percentage: 101.6,
    threshold: 85,
    resource: 'storage',
    artifact: { repository: 'acme/payments-api', tag: '2.5.0', digest: DIGEST.next, size: 167_772_160 },
    message:
      'adding 160.0 MiB of storage resource, which when updated to current usage of 10.2 GiB will exceed the configured upper limit of 10.0 GiB.',
  },
};

const QUOTA_WARNING: QuotaEvent = {
  specversion: '1',
  id: '01M81C2TR0AEAAQPCXSK9NSPFH',
  type: 'QUOTA_WARNING',
  occurredAt: '2026-11-22T10:16:44.930Z',
  source: SOURCE,
  actor: CI,
  target: { namespace: 'acme' },
  data: {
    hard: { storage: 10 * GIB, count: -1 },
    used: { storage: 9_202_409_472, count: 790 },
    percentage: 85.7,
    threshold: 85,
    resource: 'storage',
    artifact: { repository: 'acme/payments-api', tag: '2.4.2', digest: DIGEST.amd64, size: 52_428_800 },
  },
};

const LEDGER = { namespace: 'acme', repository: 'acme/ledger' };

const REPO_CREATED: RepositoryEvent = {
  specversion: '1',
  id: '01M81C4NB0QHYTJ845GQ8JN3AP',
  type: 'REPO_CREATED',
  occurredAt: '2026-11-22T10:17:05.500Z',
  source: SOURCE,
  actor: ALICE,
  target: LEDGER,
  data: { visibility: 'private', description: 'Double-entry ledger service', scanOnPush: true, immutableTags: false },
};

const REPO_UPDATED: RepositoryEvent = {
  specversion: '1',
  id: '01M81C6FY0YQB26NTDR1BHQZ43',
  type: 'REPO_UPDATED',
  occurredAt: '2026-11-22T10:18:31.250Z',
  source: SOURCE,
  actor: ALICE,
  target: LEDGER,
  data: {
    visibility: 'public',
    description: 'Double-entry ledger service (public mirror)',
    changed: ['visibility', 'description'],
  },
};

const REPO_DELETED: RepositoryEvent = {
  specversion: '1',
  id: '01M81C8AH04ED38Y3Z128X7FST',
  type: 'REPO_DELETED',
  occurredAt: '2026-11-22T10:19:12.008Z',
  source: SOURCE,
  actor: BOB,
  target: { namespace: 'acme', repository: 'acme/legacy-billing' },
  data: {},
};

const SCANNER_UPDATE_COMPLETED: SystemEvent = {
  specversion: '1',
  id: '01M81CA5403AZY34WREW8S41AB',
  type: 'SCANNER_UPDATE_COMPLETED',
  occurredAt: '2026-11-22T10:20:00.000Z',
  source: SOURCE,
  actor: SYSTEM,
  data: {
    scannerVersion: '0.58.1',
    scannerUpdatedAt: '2026-11-22T10:19:40.000Z',
    dbVersion: '2',
    dbUpdatedAt: '2026-11-22T06:12:09.000Z',
    success: true,
    replicas: {
      '3f9e2a1b7c4d': { replicaId: '3f9e2a1b7c4d', version: '0.58.1', dbUpdatedAt: '2026-11-22T10:19:38.000Z' },
      'a81c5d0e6b2f': { replicaId: 'a81c5d0e6b2f', version: '0.58.1', dbUpdatedAt: '2026-11-22T10:19:52.000Z' },
    },
  },
};

export const FIXTURE_EVENTS = {
  TAG_PUSH,
  TAG_PULL,
  TAG_DELETE,
  MANIFEST_PUSH,
  MANIFEST_PULL,
  MANIFEST_DELETE,
  PROMOTION,
  CHART_PUSH,
  CHART_PULL,
  CHART_DELETE,
  SCAN_COMPLETED,
  SCAN_FAILED,
  PUSH_MIRRORING,
  POLL_MIRRORING,
  REPLICATION_COMPLETED,
  QUOTA_EXCEEDED,
  QUOTA_WARNING,
  REPO_CREATED,
  REPO_UPDATED,
  REPO_DELETED,
  SCANNER_UPDATE_COMPLETED,
} as const satisfies Record<EventType, CanonicalEvent>;

/** The delivery id of every fixture delivery, and the clock of every fixture ping. */
export const FIXTURE_DELIVERY_ID = '01M81CBZQ0E1CZMQKDMV4YBEFQ';
export const FIXTURE_NOW = new Date('2026-11-22T12:00:00.000Z');

/** Every way a subscription can be formatted: each HTTP format, CloudEvents binary mode, each chat channel. */
export const VARIANTS = [
  'default',
  'cloudevents',
  'cloudevents-binary',
  'harbor',
  'dtr',
  'acr',
  'distribution',
  'slack',
  'teams',
  'discord',
] as const;
export type Variant = (typeof VARIANTS)[number];

const CHAT_URLS: Readonly<Record<ChatChannel, string>> = {
  slack: 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX',
  teams: 'https://acme.webhook.office.com/webhookb2/00000000-0000-0000-0000-000000000000/IncomingWebhook/0000/0000',
  discord: 'https://discord.com/api/webhooks/000000000000000000/XXXXXXXX',
};

export function fixtureContext(variant: Variant): DeliveryContext {
  const subscription: DeliveryContext['subscription'] = {
    id: '01M81CDTA0X8W9GCBCS410ESY9',
    name: 'buildhook01',
    format: 'default',
    target: { type: 'http', url: 'https://ci.example.com/hooks', headers: {}, verifyTls: true },
  };
  if (variant === 'slack' || variant === 'teams' || variant === 'discord') {
    subscription.target = { type: variant, url: CHAT_URLS[variant], headers: {}, verifyTls: true };
  } else if (variant === 'cloudevents-binary') {
    subscription.format = 'cloudevents';
    subscription.cloudEventsMode = 'binary';
  } else {
    subscription.format = variant satisfies Format;
  }
  return { subscription, deliveryId: FIXTURE_DELIVERY_ID };
}

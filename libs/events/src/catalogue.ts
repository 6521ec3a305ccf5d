import {
  AccessLevel,
  Availability,
  EVENT_TYPE_INFO,
  EVENT_TYPES,
  EventScope,
  EventType,
} from './event-types';
import { Actor, RequestInfo, Target } from './schemas/common';
import { CanonicalEvent } from './schemas/envelope';
import { ArtifactData, ReplicationData } from './schemas/families';
import { EventFamily, INBOUND_TOPICS } from './topics';

/** One row of GET /api/v1/event-types. */
export interface CatalogueEntry {
  type: EventType;
  family: EventFamily;
  topic: string;
  scope: EventScope;
  access: AccessLevel;
  availability: Availability;
  aliases: readonly string[];
  /** One sentence on when the type is sent, for people choosing what to subscribe to. */
  description: string;
  /** A complete, valid canonical event of this type; also the body of a ping. */
  example: CanonicalEvent;
}

const SOURCE = 'registry.example.com';

function header<T extends EventType>(type: T, id: string, occurredAt: string) {
  return { specversion: '1' as const, id, type, occurredAt, source: SOURCE };
}

const ALICE: Actor = { name: 'alice', type: 'user' };
const CI_ROBOT: Actor = { name: 'robot$library+ci', type: 'robot' };
const SYSTEM: Actor = { name: 'registry', type: 'system' };

const INDEX_DIGEST = 'sha256:1bc04b5291c26a46d918139138b992d2de976d6851d0893b0476b85bfbdfc6e6';
const OLD_DIGEST = 'sha256:cba06b5736faf67e54b07b561eae94395e774c517a7d910a54369e1263ccfbd4';
const CHART_DIGEST = 'sha256:cc57fc1903e444cf6a726490b43b27ee9f87facc037f86872201847c565b45fb';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

const NGINX = { namespace: 'library', repository: 'library/nginx' };
const TAGGED: Target = {
  ...NGINX,
  tag: '1.27.3',
  digest: INDEX_DIGEST,
  mediaType: OCI_INDEX,
  size: 10229,
  url: `${SOURCE}/library/nginx:1.27.3`,
};
const BY_DIGEST: Target = {
  ...NGINX,
  digest: INDEX_DIGEST,
  mediaType: OCI_INDEX,
  size: 10229,
  url: `${SOURCE}/library/nginx@${INDEX_DIGEST}`,
};
const NAMESPACE_ONLY: Target = { namespace: 'library' };
const NEW_REPOSITORY: Target = { ...NGINX, url: `${SOURCE}/library/nginx` };
const CHART: Target = {
  ...NGINX,
  tag: '18.2.5',
  digest: CHART_DIGEST,
  mediaType: OCI_MANIFEST,
  size: 793,
  url: `${SOURCE}/library/nginx:18.2.5`,
};

const request = (method: string, useragent: string): RequestInfo => ({
  id: '3f1c2a9e-7b4d-4e59-9a61-0c8d5b2f7e14',
  addr: '10.20.30.40:51234',
  host: SOURCE,
  method,
  useragent,
});
const DOCKER = 'docker/27.3.1 go/go1.22.7 git-commit/41ca978 kernel/6.8.0 os/linux arch/amd64';

const IMAGE_DATA: ArtifactData = {
  tags: ['1.27.3', '1.27', 'latest'],
  os: 'linux',
  architecture: 'amd64',
  author: 'NGINX Docker Maintainers <docker-maint@nginx.com>',
  repositoryVisibility: 'public',
  repositoryCreatedAt: '2024-03-01T08:15:00Z',
};

const SCANNER = { name: 'Trivy', vendor: 'Aqua Security', version: 'v0.58.1' };

const mirror = (
  trigger: ReplicationData['trigger'],
  from: { name: string; type: string; endpoint: string },
  to: { name: string; type: string; endpoint: string },
  startedAt: string,
  finishedAt: string,
): ReplicationData => ({
  policy: { id: '7', name: 'mirror-nginx', description: 'Keep library/nginx in sync', creator: 'alice' },
  executionId: '1842',
  trigger,
  status: 'succeeded',
  startedAt,
  finishedAt,
  overrideMode: true,
  source: { ...from, namespace: 'library', repository: 'library/nginx' },
  destination: { ...to, namespace: 'library', repository: 'library/nginx' },
  succeeded: [{ type: 'image', repository: 'library/nginx', tags: ['1.27.3'], digest: INDEX_DIGEST }],
  failed: [],
});
const THIS_REGISTRY = { name: 'primary', type: 'harbor', endpoint: `https://${SOURCE}` };
const DR_REGISTRY = { name: 'dr-site', type: 'harbor', endpoint: 'https://dr.registry.example.com' };
const DOCKER_HUB = { name: 'docker-hub', type: 'docker-hub', endpoint: 'https://registry-1.docker.io' };

const GiB = 1024 ** 3;
const quotaPush = { repository: 'library/nginx', tag: '1.27.3', digest: INDEX_DIGEST, size: 72_351_842 };

const EXAMPLES: { [T in EventType]: CanonicalEvent & { type: T } } = {
  TAG_PUSH: {
    ...header('TAG_PUSH', '01M81B5HBV3V0XYWTK1PNH30NJ', '2026-11-22T10:00:00.123Z'),
    actor: ALICE,
    target: TAGGED,
    request: request('PUT', DOCKER),
    data: IMAGE_DATA,
  },
  TAG_PULL: {
    ...header('TAG_PULL', '01M81B7BYV947GH6H8M9MR98VK', '2026-11-22T10:01:00.123Z'),
    actor: CI_ROBOT,
    target: TAGGED,
    request: request('GET', 'containerd/v1.7.24'),
    data: IMAGE_DATA,
  },
  TAG_DELETE: {
    ...header('TAG_DELETE', '01M81B96HV737WD1B3Y71N0K7Y', '2026-11-22T10:02:00.123Z'),
    actor: ALICE,
    target: { ...NGINX, tag: '1.25.0', digest: OLD_DIGEST, url: `${SOURCE}/library/nginx:1.25.0` },
    data: { tags: [], repositoryVisibility: 'public' },
  },
  MANIFEST_PUSH: {
    ...header('MANIFEST_PUSH', '01M81BB14VYQMARPR5HY3K3DSY', '2026-11-22T10:03:00.123Z'),
    actor: ALICE,
    target: BY_DIGEST,
    request: request('PUT', DOCKER),
    data: IMAGE_DATA,
  },
  MANIFEST_PULL: {
    ...header('MANIFEST_PULL', '01M81BCVQVS37Q3S9KA59GYEAZ', '2026-11-22T10:04:00.123Z'),
    actor: CI_ROBOT,
    target: BY_DIGEST,
    request: request('GET', 'containerd/v1.7.24'),
    data: IMAGE_DATA,
  },
  MANIFEST_DELETE: {
    ...header('MANIFEST_DELETE', '01M81BEPAV291Y851ASNGPSYKA', '2026-11-22T10:05:00.123Z'),
    actor: ALICE,
    target: { ...NGINX, digest: OLD_DIGEST, url: `${SOURCE}/library/nginx@${OLD_DIGEST}` },
    request: request('DELETE', 'regctl/v0.8.0'),
    data: { repositoryVisibility: 'public' },
  },
  PROMOTION: {
    ...header('PROMOTION', '01M81BGGXVRG3QVEYVEDSK520M', '2026-11-22T10:06:00.123Z'),
    actor: SYSTEM,
    target: TAGGED,
    data: {
      ...IMAGE_DATA,
      promotion: { policy: 'promote-stable', sourceRepository: 'staging/nginx', sourceTag: '1.27.3-rc.2' },
    },
  },
  CHART_PUSH: {
    ...header('CHART_PUSH', '01M81BJBGVW24XS9EVKMH2XA8Q', '2026-11-22T10:07:00.123Z'),
    actor: CI_ROBOT,
    target: CHART,
    request: request('PUT', 'Helm/3.16.3'),
    data: { chart: { name: 'nginx', version: '18.2.5' }, repositoryVisibility: 'public' },
  },
  CHART_PULL: {
    ...header('CHART_PULL', '01M81BM63V6MR767XD6V7J35KV', '2026-11-22T10:08:00.123Z'),
    actor: ALICE,
    target: CHART,
    request: request('GET', 'Helm/3.16.3'),
    data: { chart: { name: 'nginx', version: '18.2.5' }, repositoryVisibility: 'public' },
  },
  CHART_DELETE: {
    ...header('CHART_DELETE', '01M81BP0PVSBBW7SETJPP24KEM', '2026-11-22T10:09:00.123Z'),
    actor: ALICE,
    target: { ...NGINX, tag: '18.1.0', url: `${SOURCE}/library/nginx:18.1.0` },
    data: { chart: { name: 'nginx', version: '18.1.0' }, repositoryVisibility: 'public' },
  },
  SCAN_COMPLETED: {
    ...header('SCAN_COMPLETED', '01M81BQV9V7CYSX0JZ6RA8WANN', '2026-11-22T10:10:00.123Z'),
    actor: SYSTEM,
    target: TAGGED,
    data: {
      reportId: 'f0b3c6de-5c2a-4a8e-9d1f-2b7e4c9a1d35',
      scanner: SCANNER,
      status: 'completed',
      startedAt: '2026-11-22T10:09:41.502Z',
      finishedAt: '2026-11-22T10:09:59.880Z',
      severity: 'High',
      summary: {
        total: 42,
        fixable: 30,
        critical: 0,
        high: 3,
        medium: 17,
        low: 20,
        negligible: 0,
        unknown: 2,
      },
      reportUrl: `https://${SOURCE}/api/v2.0/projects/library/repositories/nginx/artifacts/${INDEX_DIGEST}/additions/vulnerabilities`,
    },
  },
  SCAN_FAILED: {
    ...header('SCAN_FAILED', '01M81BSNWVABHRTJS5MJ998XK2', '2026-11-22T10:11:00.123Z'),
    actor: SYSTEM,
    target: TAGGED,
    data: {
      reportId: '9a7d1e42-0c6b-4f3e-8b25-6d4f1a3c7e90',
      scanner: SCANNER,
      status: 'failed',
      startedAt: '2026-11-22T10:10:55.004Z',
      finishedAt: '2026-11-22T10:10:59.731Z',
      error: 'scanner adapter returned 503 Service Unavailable: vulnerability database update in progress',
    },
  },
  PUSH_MIRRORING: {
    ...header('PUSH_MIRRORING', '01M81BVGFV37F415T2V4NQ7VQ3', '2026-11-22T10:12:00.123Z'),
    actor: SYSTEM,
    target: TAGGED,
    data: mirror(
      'event_based',
      THIS_REGISTRY,
      DR_REGISTRY,
      '2026-11-22T10:11:58.010Z',
      '2026-11-22T10:11:59.950Z',
    ),
  },
  POLL_MIRRORING: {
    ...header('POLL_MIRRORING', '01M81BXB2VAZAP895SED9Q372H', '2026-11-22T10:13:00.123Z'),
    actor: SYSTEM,
    target: TAGGED,
    data: mirror(
      'scheduled',
      DOCKER_HUB,
      THIS_REGISTRY,
      '2026-11-22T10:12:30.000Z',
      '2026-11-22T10:12:59.412Z',
    ),
  },
  REPLICATION_COMPLETED: {
    ...header('REPLICATION_COMPLETED', '01M81BZ5NVZ10X3R31HY1PEQ6D', '2026-11-22T10:14:00.123Z'),
    actor: SYSTEM,
    target: NAMESPACE_ONLY,
    data: {
      policy: {
        id: '12',
        name: 'library-to-dr',
        description: 'Nightly copy of library to the DR site',
        creator: 'admin',
      },
      executionId: '1851',
      trigger: 'scheduled',
      status: 'partial',
      startedAt: '2026-11-22T10:00:00.000Z',
      finishedAt: '2026-11-22T10:13:57.266Z',
      overrideMode: false,
      source: { ...THIS_REGISTRY, namespace: 'library' },
      destination: { ...DR_REGISTRY, namespace: 'library' },
      succeeded: [
        {
          type: 'image',
          repository: 'library/nginx',
          tags: ['1.27.3', '1.27', 'latest'],
          digest: INDEX_DIGEST,
        },
        { type: 'chart', repository: 'library/nginx', tags: ['18.2.5'], digest: CHART_DIGEST },
      ],
      failed: [
        {
          type: 'image',
          repository: 'library/redis',
          tags: ['7.4.1'],
          error: 'pushing blob to dr.registry.example.com: 507 Insufficient Storage',
        },
      ],
    },
  },
  QUOTA_EXCEEDED: {
    ...header('QUOTA_EXCEEDED', '01M81C108VZW2E8VNXCGF7QR8M', '2026-11-22T10:15:00.123Z'),
    actor: ALICE,
    target: NAMESPACE_ONLY,
    data: {
      hard: { storage: 10 * GiB, count: -1 },
      used: { storage: 10 * GiB - 51_200_000, count: 1284 },
      percentage: 100.2,
      threshold: 85,
      resource: 'storage',
      artifact: quotaPush,
      message: 'adding 69.0 MiB to library would exceed its storage quota of 10.0 GiB (9.95 GiB used)',
    },
  },
  QUOTA_WARNING: {
    ...header('QUOTA_WARNING', '01M81C2TVV4ET6HR56G73PH8F6', '2026-11-22T10:16:00.123Z'),
    actor: ALICE,
    target: NAMESPACE_ONLY,
    data: {
      hard: { storage: 10 * GiB, count: -1 },
      used: { storage: 9_342_000_000, count: 1283 },
      percentage: 87,
      threshold: 85,
      resource: 'storage',
      artifact: quotaPush,
      message: 'quota usage of library reached 87% of 10.0 GiB storage',
    },
  },
  REPO_CREATED: {
    ...header('REPO_CREATED', '01M81C4NEV3A8G6AA8H65XBN0D', '2026-11-22T10:17:00.123Z'),
    actor: ALICE,
    target: NEW_REPOSITORY,
    data: {
      visibility: 'public',
      description: 'Official NGINX images',
      scanOnPush: true,
      immutableTags: false,
    },
  },
  REPO_UPDATED: {
    ...header('REPO_UPDATED', '01M81C6G1VK18G3XHJJHPKS441', '2026-11-22T10:18:00.123Z'),
    actor: ALICE,
    target: NEW_REPOSITORY,
    data: {
      visibility: 'private',
      description: 'Official NGINX images, mirrored from Docker Hub',
      changed: ['visibility', 'description'],
      scanOnPush: true,
      immutableTags: false,
    },
  },
  REPO_DELETED: {
    ...header('REPO_DELETED', '01M81C8AMV8S0Y0GT2QJ84AWMG', '2026-11-22T10:19:00.123Z'),
    actor: ALICE,
    target: NEW_REPOSITORY,
    data: { visibility: 'private' },
  },
  SCANNER_UPDATE_COMPLETED: {
    ...header('SCANNER_UPDATE_COMPLETED', '01M81CA57VMSSWR47JYN9798MG', '2026-11-22T10:20:00.123Z'),
    actor: SYSTEM,
    data: {
      scannerVersion: '0.58.1',
      scannerUpdatedAt: '2026-11-22T10:19:12.000Z',
      dbVersion: '2',
      dbUpdatedAt: '2026-11-22T06:11:48.000Z',
      success: true,
      replicas: {
        '8f2c1a7b9e3d': {
          replicaId: '8f2c1a7b9e3d',
          version: '0.58.1',
          dbUpdatedAt: '2026-11-22T06:11:48.000Z',
        },
        '1d4e6b8a0c2f': {
          replicaId: '1d4e6b8a0c2f',
          version: '0.58.1',
          dbUpdatedAt: '2026-11-22T06:11:48.000Z',
        },
      },
    },
  },
};

const DESCRIPTIONS: { [T in EventType]: string } = {
  TAG_PUSH: 'A tag was pushed: a new tag, or an existing tag moved to another manifest.',
  TAG_PULL: 'An image was pulled by tag.',
  TAG_DELETE: 'A tag was removed; the manifest it pointed to may remain.',
  MANIFEST_PUSH: 'A manifest or index was pushed, with or without a tag.',
  MANIFEST_PULL: 'A manifest was pulled, by tag or by digest.',
  MANIFEST_DELETE: 'A manifest was deleted, with every tag pointing to it.',
  PROMOTION: 'A promotion policy copied an image from another repository into this one.',
  CHART_PUSH: 'A Helm chart version was uploaded.',
  CHART_PULL: 'A Helm chart version was downloaded.',
  CHART_DELETE: 'A Helm chart version was deleted.',
  SCAN_COMPLETED: 'A vulnerability scan finished, with its summary by severity.',
  SCAN_FAILED: 'A vulnerability scan could not finish, with the reason.',
  PUSH_MIRRORING: 'An image pushed here was mirrored to another registry.',
  POLL_MIRRORING: 'An image was mirrored into this repository from another registry.',
  REPLICATION_COMPLETED: 'A replication run for the namespace finished, with what succeeded and failed.',
  QUOTA_EXCEEDED: 'A push was refused because the namespace is over its quota.',
  QUOTA_WARNING: "The namespace's usage crossed its quota warning threshold.",
  REPO_CREATED: 'A repository was created in the namespace.',
  REPO_UPDATED: "A repository's settings (visibility, description, scanning, …) changed.",
  REPO_DELETED: 'A repository was deleted from the namespace.',
  SCANNER_UPDATE_COMPLETED: "The vulnerability scanner's version or database was updated.",
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The event-type catalogue in EVENT_TYPES order. Frozen: use exampleEvent for a copy to change. */
export const EVENT_CATALOGUE: readonly CatalogueEntry[] = deepFreeze(
  EVENT_TYPES.map((type): CatalogueEntry => {
    const info = EVENT_TYPE_INFO[type];
    return {
      type,
      family: info.family,
      topic: INBOUND_TOPICS[info.family],
      scope: info.scope,
      access: info.access,
      availability: info.availability,
      aliases: [...info.aliases],
      description: DESCRIPTIONS[type],
      example: structuredClone(EXAMPLES[type]),
    };
  }),
);

const BY_TYPE = new Map(EVENT_CATALOGUE.map((entry) => [entry.type, entry]));

export function catalogueEntry(type: EventType): CatalogueEntry {
  return BY_TYPE.get(type)!;
}

/** A fresh, mutable copy of the type's example event. */
export function exampleEvent(type: EventType): CanonicalEvent {
  return structuredClone(catalogueEntry(type).example);
}

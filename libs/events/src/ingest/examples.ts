import { IngestSource } from './sources';

/** A native notification as its registry sends it: the Content-Type and the JSON body. */
export interface IngestExample {
  summary: string;
  contentType: string;
  body: Record<string, unknown>;
}

const MANIFEST = 'sha256:247d2cc8e206bfb2e7db662b4f15b75f373146b4b69add7a8c823faa7a5b602a';
const LAYER = 'sha256:1addbc64925305a6135f609930af4aadac6f5f866c3a0de3c67fd0e474aa740b';
const CONFIG = 'sha256:7c2cef5f91268dd8722330bbfb1fd8f59ac76cf97d4fc64335d02287c8a818c6';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const DISTRIBUTION_V1 = 'application/vnd.docker.distribution.events.v1+json';
const DISTRIBUTION_V2 = 'application/vnd.docker.distribution.events.v2+json';
const JSON_TYPE = 'application/json';

const REGISTRY = 'registry.example.com';
const distributionRequest = (method: string, id: string) => ({
  id,
  addr: '10.0.4.17:47644',
  host: REGISTRY,
  method,
  useragent: 'skopeo/1.9.3',
});
const DISTRIBUTION_SOURCE = { addr: 'registry-0:5000', instanceID: '1118e582-b819-4102-a00f-64157a2ab078' };

/** As Debian's docker-registry 2.8.2 sends them (one event per POST, blob events before the manifest's). */
const distributionEvent = (event: Record<string, unknown>) => ({ events: [event] });

const MANIFEST_PUSH = {
  id: '3b31f999-1829-4885-9817-d8ec992ad2ad',
  timestamp: '2026-12-01T19:30:42.857982402Z',
  action: 'push',
  target: {
    mediaType: OCI_MANIFEST,
    size: 401,
    digest: MANIFEST,
    length: 401,
    repository: 'research/hello',
    url: `https://${REGISTRY}/v2/research/hello/manifests/${MANIFEST}`,
    tag: 'v1',
  },
  request: distributionRequest('PUT', 'bc9c126e-c74f-40c0-9e55-564cb5fedf11'),
  actor: {},
  source: DISTRIBUTION_SOURCE,
};
const LAYER_PUSH = {
  id: 'c5693e0d-a975-4653-ba85-5ed82f563e70',
  timestamp: '2026-12-01T19:30:42.826097159Z',
  action: 'push',
  target: {
    mediaType: 'application/octet-stream',
    size: 133,
    digest: LAYER,
    length: 133,
    repository: 'research/hello',
    url: `https://${REGISTRY}/v2/research/hello/blobs/${LAYER}`,
  },
  request: distributionRequest('PUT', 'f4e0f8f0-9e07-4ae8-beea-fea4887d8d78'),
  actor: {},
  source: DISTRIBUTION_SOURCE,
};
const CONFIG_PUSH = {
  ...LAYER_PUSH,
  id: '08582cca-12c8-48a3-80ae-ac12e4ac9f52',
  timestamp: '2026-12-01T19:30:42.850642834Z',
  target: {
    ...LAYER_PUSH.target,
    size: 151,
    digest: CONFIG,
    length: 151,
    url: `https://${REGISTRY}/v2/research/hello/blobs/${CONFIG}`,
  },
  request: distributionRequest('PUT', '0581801c-3a68-4ceb-929d-ab6fc5ff6a75'),
};

const DISTRIBUTION: Record<string, IngestExample> = {
  push: {
    summary: 'A manifest pushed by tag (MANIFEST_PUSH and TAG_PUSH)',
    contentType: DISTRIBUTION_V1,
    body: distributionEvent(MANIFEST_PUSH),
  },
  pushByDigest: {
    summary: 'A manifest pushed by digest (MANIFEST_PUSH)',
    contentType: DISTRIBUTION_V1,
    body: distributionEvent({
      ...MANIFEST_PUSH,
      id: '5f0c2d1e-8a3b-4c7d-9e6f-1a2b3c4d5e6f',
      target: { ...MANIFEST_PUSH.target, tag: undefined },
    }),
  },
  blobPush: {
    summary: 'A layer upload (acknowledged, not forwarded)',
    contentType: DISTRIBUTION_V1,
    body: distributionEvent(LAYER_PUSH),
  },
  pull: {
    summary: 'A manifest pulled by tag (MANIFEST_PULL and TAG_PULL)',
    contentType: DISTRIBUTION_V1,
    body: distributionEvent({
      ...MANIFEST_PUSH,
      id: '9d3e6a0b-2c1f-4e8d-b7a6-5c4d3e2f1a0b',
      timestamp: '2026-12-01T19:31:05.112233445Z',
      action: 'pull',
      request: {
        ...distributionRequest('GET', '7e6d5c4b-3a29-4817-9605-f4e3d2c1b0a9'),
        useragent: 'containerd/v1.7.24',
      },
      actor: { name: 'ci-bot' },
    }),
  },
  delete: {
    summary: 'A manifest deleted by digest (MANIFEST_DELETE)',
    contentType: DISTRIBUTION_V1,
    body: distributionEvent({
      id: 'c0ffee00-1234-4abc-8def-0123456789ab',
      timestamp: '2026-12-01T19:32:10.534222130Z',
      action: 'delete',
      target: { digest: MANIFEST, repository: 'research/hello' },
      request: {
        ...distributionRequest('DELETE', '4544712f-c28e-4dd2-bfba-51cd30b2f844'),
        useragent: 'curl/7.88.1',
      },
      actor: {},
      source: DISTRIBUTION_SOURCE,
    }),
  },
  tagDelete: {
    summary: 'The tag delete that follows a manifest delete (TAG_DELETE, without digest)',
    contentType: DISTRIBUTION_V1,
    body: distributionEvent({
      id: '44cca030-3a59-4dd0-a3e0-dd72e11cf57f',
      timestamp: '2026-12-01T19:32:10.534622130Z',
      action: 'delete',
      target: { repository: 'research/hello', tag: 'v1' },
      request: {
        ...distributionRequest('DELETE', '4544712f-c28e-4dd2-bfba-51cd30b2f844'),
        useragent: 'curl/7.88.1',
      },
      actor: {},
      source: DISTRIBUTION_SOURCE,
    }),
  },
  mount: {
    summary: 'A blob mounted from another repository (acknowledged, not forwarded)',
    contentType: DISTRIBUTION_V2,
    body: distributionEvent({
      ...LAYER_PUSH,
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      action: 'mount',
      target: { ...LAYER_PUSH.target, fromRepository: 'research/base' },
    }),
  },
  batch: {
    summary: 'Several events in one body, as Distribution 2.x may batch them (two blobs, then the manifest)',
    contentType: DISTRIBUTION_V1,
    body: { events: [LAYER_PUSH, CONFIG_PUSH, MANIFEST_PUSH] },
  },
  v2: {
    summary: 'Distribution 3 (events.v2+json), an authenticated push to a top-level repository',
    contentType: DISTRIBUTION_V2,
    body: distributionEvent({
      ...MANIFEST_PUSH,
      id: '0e9d8c7b-6a5f-4e3d-9c2b-1a0f9e8d7c6b',
      target: {
        ...MANIFEST_PUSH.target,
        repository: 'hello',
        url: `https://${REGISTRY}/v2/hello/manifests/${MANIFEST}`,
        tag: 'latest',
        references: [
          { mediaType: 'application/vnd.oci.image.config.v1+json', size: 151, digest: CONFIG },
          { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', size: 133, digest: LAYER },
        ],
      },
      actor: { name: 'alice' },
    }),
  },
};

const HARBOR_HOST = 'harbor.example.com';
const NGINX_DIGEST = 'sha256:76525f02955aec223342400a080c73024c995c9db1ba2eabf7505cf3bdf3f1f0';
const NGINX = {
  date_created: 1737446600,
  name: 'nginx',
  namespace: 'library',
  repo_full_name: 'library/nginx',
  repo_type: 'public',
};
const nginxResource = (tag: string) => ({
  digest: NGINX_DIGEST,
  tag,
  resource_url: `${HARBOR_HOST}/library/nginx:${tag}`,
});
const REPORT = 'application/vnd.security.vulnerability.report; version=1.1';
const scanOverview = (status: string, extra: Record<string, unknown>) => ({
  [REPORT]: {
    report_id: 'f0b3c6de-5c2a-4a8e-9d1f-2b7e4c9a1d35',
    scan_status: status,
    severity: 'High',
    duration: 18,
    start_time: '2026-11-22T10:09:41Z',
    end_time: '2026-11-22T10:09:59Z',
    scanner: { name: 'Trivy', vendor: 'Aqua Security', version: 'v0.58.1' },
    complete_percent: status === 'Success' ? 100 : 0,
    ...extra,
  },
});
const harbor = (type: string, occurAt: number, operator: string, eventData: Record<string, unknown>) => ({
  type,
  occur_at: occurAt,
  operator,
  event_data: eventData,
});

/** A scan event of nginx:1.27.3 with its scan overview. */
const harborScan = (
  type: string,
  occurAt: number,
  operator: string,
  status: string,
  overview: Record<string, unknown>,
) =>
  harbor(type, occurAt, operator, {
    resources: [{ ...nginxResource('1.27.3'), scan_overview: scanOverview(status, overview) }],
    repository: NGINX,
    scan: { scan_type: 'vulnerability' },
  });

/** A chart event of Harbor's ChartMuseum (before 2.8): the chart is the repository, the version the tag. */
const harborChart = (type: string, occurAt: number, operator: string, version: string) =>
  harbor(type, occurAt, operator, {
    resources: [
      { tag: version, resource_url: `https://${HARBOR_HOST}/chartrepo/library/charts/nginx-${version}.tgz` },
    ],
    repository: { name: 'nginx', namespace: 'library', repo_full_name: 'library/nginx', repo_type: 'public' },
  });

const HARBOR_DEFAULT: Record<string, IngestExample> = {
  pushArtifact: {
    summary: 'PUSH_ARTIFACT with a tag (MANIFEST_PUSH and TAG_PUSH)',
    contentType: JSON_TYPE,
    body: harbor('PUSH_ARTIFACT', 1795341600, 'admin', {
      resources: [nginxResource('1.27.3')],
      repository: NGINX,
    }),
  },
  pullArtifact: {
    summary: 'PULL_ARTIFACT by digest (MANIFEST_PULL)',
    contentType: JSON_TYPE,
    body: harbor('PULL_ARTIFACT', 1795341667, 'robot$library+ci', {
      resources: [
        {
          digest: NGINX_DIGEST,
          tag: NGINX_DIGEST,
          resource_url: `${HARBOR_HOST}/library/nginx@${NGINX_DIGEST}`,
        },
      ],
      repository: NGINX,
    }),
  },
  deleteArtifact: {
    summary: 'DELETE_ARTIFACT of a tagged artifact (MANIFEST_DELETE and TAG_DELETE)',
    contentType: JSON_TYPE,
    body: harbor('DELETE_ARTIFACT', 1795341735, 'admin', {
      resources: [nginxResource('1.25.0')],
      repository: NGINX,
    }),
  },
  scanningCompleted: {
    summary: 'SCANNING_COMPLETED with its scan overview (SCAN_COMPLETED)',
    contentType: JSON_TYPE,
    body: harborScan('SCANNING_COMPLETED', 1795342200, 'auto', 'Success', {
      summary: { total: 42, fixable: 30, summary: { High: 3, Medium: 17, Low: 20, Unknown: 2 } },
    }),
  },
  scanningFailed: {
    summary: 'SCANNING_FAILED (SCAN_FAILED)',
    contentType: JSON_TYPE,
    body: harborScan('SCANNING_FAILED', 1795342260, 'auto', 'Error', { severity: 'Unknown' }),
  },
  scanningStopped: {
    summary: 'SCANNING_STOPPED (SCAN_FAILED with status stopped)',
    contentType: JSON_TYPE,
    body: harborScan('SCANNING_STOPPED', 1795342320, 'admin', 'Stopped', { severity: 'Unknown' }),
  },
  quotaExceed: {
    summary: "QUOTA_EXCEED, the amounts read from Harbor's message (QUOTA_EXCEEDED)",
    contentType: JSON_TYPE,
    body: harbor('QUOTA_EXCEED', 1795342400, 'admin', {
      resources: [{ digest: NGINX_DIGEST, tag: '1.27.3' }],
      repository: NGINX,
      custom_attributes: {
        Details:
          'adding 69.0 MiB of storage resource, which when updated to current usage of 9.9 GiB will exceed the configured upper limit of 10.0 GiB.',
      },
    }),
  },
  quotaWarning: {
    summary: "QUOTA_WARNING at Harbor's default 85 % (QUOTA_WARNING)",
    contentType: JSON_TYPE,
    body: harbor('QUOTA_WARNING', 1795342460, 'admin', {
      resources: [{ digest: NGINX_DIGEST, tag: '1.27.3' }],
      repository: NGINX,
      custom_attributes: { Details: 'quota usage reach 85%: resource storage used 8.7 GiB of 10.0 GiB' },
    }),
  },
  replication: {
    summary: 'REPLICATION of a pull-based policy from Docker Hub (REPLICATION_COMPLETED)',
    contentType: JSON_TYPE,
    body: harbor('REPLICATION', 1795342560, 'SCHEDULE', {
      replication: {
        harbor_hostname: HARBOR_HOST,
        job_status: 'Success',
        description: 'Mirror nginx from Docker Hub',
        artifact_type: 'image',
        authentication_type: 'basic',
        override_mode: true,
        trigger_type: 'SCHEDULE',
        policy_creator: 'admin',
        execution_timestamp: 1795342500,
        src_resource: {
          registry_name: 'docker-hub',
          registry_type: 'docker-hub',
          endpoint: 'https://hub.docker.com',
          namespace: 'library',
        },
        dest_resource: { registry_type: 'harbor', endpoint: `https://${HARBOR_HOST}`, namespace: 'mirror' },
        successful_artifact: [
          { type: 'image', status: 'Success', name_tag: 'nginx:1.27.3', references: [NGINX_DIGEST] },
        ],
        execution_id: 1842,
        task_id: 5521,
      },
    }),
  },
  uploadChart: {
    summary: 'UPLOAD_CHART, Harbor before 2.8 (CHART_PUSH)',
    contentType: JSON_TYPE,
    body: harborChart('UPLOAD_CHART', 1795342600, 'admin', '18.2.5'),
  },
  downloadChart: {
    summary: 'DOWNLOAD_CHART (CHART_PULL)',
    contentType: JSON_TYPE,
    body: harborChart('DOWNLOAD_CHART', 1795342660, 'robot$library+ci', '18.2.5'),
  },
  deleteChart: {
    summary: 'DELETE_CHART (CHART_DELETE)',
    contentType: JSON_TYPE,
    body: harborChart('DELETE_CHART', 1795342720, 'admin', '18.1.0'),
  },
  tagRetention: {
    summary: 'TAG_RETENTION (acknowledged, not forwarded)',
    contentType: JSON_TYPE,
    body: harbor('TAG_RETENTION', 1795342800, 'SCHEDULE', {
      retention: {
        total: 12,
        retained: 10,
        harbor_hostname: HARBOR_HOST,
        project_name: 'library',
        retention_policy_id: 3,
        result: 'SUCCESS',
      },
    }),
  },
};

/** Harbor's CloudEvents payload: the same event_data as `data`, the type renamed. */
const harborCloudEvent = (type: string, id: string, of: IngestExample): IngestExample => {
  const { occur_at: occurAt, operator, event_data: data } = of.body as ReturnType<typeof harbor>;
  return {
    summary: `${type} as a CloudEvent`,
    contentType: 'application/cloudevents+json',
    body: {
      specversion: '1.0',
      requestid: '2eedfab8-61d3-4f3c-8ec3-8f82d1ec4c84',
      id,
      source: '/projects/1/webhook/policies/3',
      type,
      datacontenttype: 'application/json',
      time: new Date(occurAt * 1000).toISOString().replace('.000', ''),
      data,
      operator,
    },
  };
};

/** Each CloudEvents example: its name, type and id, and the Default example whose event_data it carries. */
const HARBOR_CLOUD_EVENTS: [string, string, string, string][] = [
  ['cloudEventPushed', 'harbor.artifact.pushed', '4b2f89a6-548d-4c12-9993-a1f5790b97d2', 'pushArtifact'],
  ['cloudEventPulled', 'harbor.artifact.pulled', '6c1d7e3a-0b9f-4a52-8e61-3d7f2a9c4b10', 'pullArtifact'],
  ['cloudEventDeleted', 'harbor.artifact.deleted', '8a4e2c6b-1d3f-4b7a-9c5e-7f1a3b5d9e20', 'deleteArtifact'],
  [
    'cloudEventScanCompleted',
    'harbor.scan.completed',
    '1f5b9d3c-7e2a-4c8b-a6d4-2e8f0b4c6a31',
    'scanningCompleted',
  ],
  ['cloudEventScanFailed', 'harbor.scan.failed', '3a7c1e5d-9b4f-4d2a-8c6e-4f0a2c6e8b42', 'scanningFailed'],
  ['cloudEventScanStopped', 'harbor.scan.stopped', '5c9e3a7f-1d6b-4f4c-9e8a-6b2c4e8a0d53', 'scanningStopped'],
  ['cloudEventQuotaExceeded', 'harbor.quota.exceeded', '7e1a5c9b-3f8d-4b6e-a0c2-8d4e6a0c2f64', 'quotaExceed'],
  ['cloudEventQuotaWarned', 'harbor.quota.warned', '9a3c7e1d-5b0f-4d8a-b2e4-0f6a8c2e4b75', 'quotaWarning'],
  [
    'cloudEventReplication',
    'harbor.replication.status.changed',
    'b5e9a3c7-7d2b-4f0c-94a6-2b8c0e4a6d86',
    'replication',
  ],
  [
    'cloudEventTagRetention',
    'harbor.tag_retention.finished',
    'd7a1c5e9-9f4d-4b2e-86c8-4d0e2a6c8f97',
    'tagRetention',
  ],
];

const HARBOR: Record<string, IngestExample> = {
  ...HARBOR_DEFAULT,
  ...Object.fromEntries(
    HARBOR_CLOUD_EVENTS.map(([name, type, id, of]) => [name, harborCloudEvent(type, id, HARBOR_DEFAULT[of])]),
  ),
};

const ACR_HOST = 'myregistry.azurecr.io';
const ACR_DIGEST = 'sha256:80f0d5c8786bb9e621a45ece0db56d11cdc624ad20da9fe62e9d25490f331d7d';
const CHART_DIGEST = 'sha256:e4c18075264b5ba7c14c23672c13e52ae6a3ebac1c47916e4efe19cd624d3e2a';
const acrRequest = (method: string) => ({
  id: 'cc6d5d49-1d0c-4f80-9d27-ccf7a0b8b1b5',
  host: ACR_HOST,
  method,
  useragent: 'docker/17.09.0-ce go/go1.8.3 git-commit/afdb6d4 kernel/4.10.0-27-generic os/linux arch/amd64',
});

const ACR: Record<string, IngestExample> = {
  push: {
    summary: 'push of a tag (MANIFEST_PUSH and TAG_PUSH)',
    contentType: JSON_TYPE,
    body: {
      id: 'cb8c3971-9adc-488b-bdd8-43cbb4974ff5',
      timestamp: '2017-11-17T16:52:01.343145347Z',
      action: 'push',
      target: {
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        size: 524,
        digest: ACR_DIGEST,
        length: 524,
        repository: 'hello-world',
        tag: 'v1',
      },
      request: acrRequest('PUT'),
    },
  },
  delete: {
    summary: 'delete of a manifest (MANIFEST_DELETE)',
    contentType: JSON_TYPE,
    body: {
      id: 'afc359ce-df7f-4e32-bda7-1ff8aa80927b',
      timestamp: '2017-11-17T16:54:53.657764628Z',
      action: 'delete',
      target: {
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        digest: ACR_DIGEST,
        repository: 'hello-world',
      },
      request: acrRequest('DELETE'),
    },
  },
  chartPush: {
    summary: 'chart_push (CHART_PUSH)',
    contentType: JSON_TYPE,
    body: {
      id: '6356e9e0-627f-4fed-a4c4-d9059b5143ac',
      timestamp: '2019-03-05T23:45:31.2614267Z',
      action: 'chart_push',
      target: {
        mediaType: 'application/vnd.acr.helm.chart',
        size: 25265,
        digest: CHART_DIGEST,
        repository: 'repo',
        tag: 'wordpress-5.4.0.tgz',
        name: 'wordpress',
        version: '5.4.0',
      },
    },
  },
  chartDelete: {
    summary: 'chart_delete (CHART_DELETE)',
    contentType: JSON_TYPE,
    body: {
      id: '338a3ef7-ad68-4128-8423-fdd3af8e8f67',
      timestamp: '2019-03-06T00:10:48.1270754Z',
      action: 'chart_delete',
      target: {
        mediaType: 'application/vnd.acr.helm.chart',
        size: 25265,
        digest: CHART_DIGEST,
        repository: 'repo',
        tag: 'wordpress-5.4.0.tgz',
        name: 'wordpress',
        version: '5.4.0',
      },
    },
  },
  ping: {
    summary: 'ping, sent when the webhook is created or pinged (acknowledged, not forwarded)',
    contentType: JSON_TYPE,
    body: {
      id: 'b0ba2c1a-2a35-4f72-8c1d-2f4e5a6b7c8d',
      timestamp: '2026-11-22T10:00:00.1234567Z',
      action: 'ping',
    },
  },
};

const DOCKER_HUB: Record<string, IngestExample> = {
  push: {
    summary: 'A push (TAG_PUSH, without digest: Docker Hub does not send one)',
    contentType: JSON_TYPE,
    body: {
      callback_url:
        'https://registry.hub.docker.com/u/svendowideit/testhook/hook/2141b5bi5i5b02bec211i4eeih0242eg11000a/',
      push_data: { pushed_at: 1417566161, pusher: 'trustedbuilder', tag: 'latest' },
      repository: {
        comment_count: 0,
        date_created: 1417494799,
        description: '',
        dockerfile: '#\n# BUILD\u0009\u0009docker build -t svendowideit/apt-cacher .\n',
        full_description: 'Docker Hub based automated build from a GitHub repo',
        is_official: false,
        is_private: true,
        is_trusted: true,
        name: 'testhook',
        namespace: 'svendowideit',
        owner: 'svendowideit',
        repo_name: 'svendowideit/testhook',
        repo_url: 'https://registry.hub.docker.com/u/svendowideit/testhook/',
        star_count: 0,
        status: 'Active',
      },
    },
  },
};

const quayRepository = {
  repository: 'mynamespace/repository',
  namespace: 'mynamespace',
  name: 'repository',
  docker_url: 'quay.io/mynamespace/repository',
  homepage: 'https://quay.io/repository/mynamespace/repository',
};

const QUAY: Record<string, IngestExample> = {
  repoPush: {
    summary: 'repo_push with two updated tags (one TAG_PUSH each)',
    contentType: JSON_TYPE,
    body: { ...quayRepository, updated_tags: ['latest', 'v2.1.0'], pruned_image_count: 0 },
  },
  vulnerabilityFound: {
    summary: 'vulnerability_found (one SCAN_COMPLETED per tag, the finding in data.vulnerability)',
    contentType: JSON_TYPE,
    body: {
      ...quayRepository,
      tags: ['latest', 'prod'],
      vulnerability: {
        id: 'CVE-2024-45337',
        description:
          'golang.org/x/crypto/ssh: misuse of ServerConfig.PublicKeyCallback may cause authorization bypass',
        link: 'https://nvd.nist.gov/vuln/detail/CVE-2024-45337',
        priority: 'Critical',
        has_fix: true,
      },
    },
  },
  buildSuccess: {
    summary: 'build_success (acknowledged, not forwarded)',
    contentType: JSON_TYPE,
    body: {
      ...quayRepository,
      build_id: '296ec063-5f86-4706-a469-f0a400bf9df2',
      trigger_kind: 'github',
      trigger_id: '1245634',
      docker_tags: ['latest', 'foo', 'bar'],
      build_name: 'some-fake-build',
      image_id: '1245657346',
      trigger_metadata: {
        default_branch: 'master',
        ref: 'refs/heads/somebranch',
        commit: '42d4a62c53350993ea41069e9f2cd7f8',
      },
    },
  },
};

/** Native notifications per source, as each registry documents or sends them; also the OpenAPI examples. */
export const INGEST_EXAMPLES: Readonly<Record<IngestSource, Readonly<Record<string, IngestExample>>>> = {
  distribution: DISTRIBUTION,
  harbor: HARBOR,
  acr: ACR,
  dockerhub: DOCKER_HUB,
  quay: QUAY,
};

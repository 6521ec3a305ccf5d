import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPE_INFO, EventType } from '../event-types';
import { validateEvent } from '../validation/validate-event';
import { adaptNotification } from './adapt';
import { INGEST_EXAMPLES } from './examples';
import { AdaptedNotification, AdaptResult, MAX_NATIVE_BYTES, NativeNotification } from './notification';
import { INGEST_SOURCES, IngestSource } from './sources';

const RECEIVED_AT = new Date('2026-12-01T20:00:00.500Z');

function adapt(source: IngestSource, body: unknown, contentType = 'application/json'): AdaptResult {
  const notification: NativeNotification = {
    body: typeof body === 'string' ? body : JSON.stringify(body),
    contentType,
    receivedAt: RECEIVED_AT,
  };
  return adaptNotification(source, notification);
}

function adapted(source: IngestSource, body: unknown): AdaptedNotification {
  const result = adapt(source, body);
  if (!result.ok) throw new Error(`${source}: ${JSON.stringify(result.errors)}`);
  return result.value;
}

const CASES = INGEST_SOURCES.flatMap((source) =>
  Object.entries(INGEST_EXAMPLES[source]).map(([name, example]) => [source, name, example] as const),
);

/**
 * Golden files: `__golden__/<source>.json` holds, for every example notification of the source,
 * the canonical events and the ignored entries its adapter gives. `UPDATE_GOLDENS=1` rewrites
 * them from the current code; otherwise the spec compares against them.
 */
function goldens(source: IngestSource): Record<string, unknown> {
  const path = join(__dirname, '__golden__', `${source}.json`);
  if (process.env.UPDATE_GOLDENS === '1') {
    const all = Object.fromEntries(
      Object.entries(INGEST_EXAMPLES[source]).map(([name, example]) => [name, adapted(source, example.body)]),
    );
    writeFileSync(path, `${JSON.stringify(all, null, 2)}\n`);
  }
  if (!existsSync(path)) throw new Error(`${path} is missing; run with UPDATE_GOLDENS=1`);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

describe('adapters on the registries’ own notifications', () => {
  describe.each(INGEST_SOURCES)('%s', (source) => {
    const golden = goldens(source);
    it.each(Object.keys(INGEST_EXAMPLES[source]))('%s matches its golden file', (name) => {
      expect(JSON.parse(JSON.stringify(adapted(source, INGEST_EXAMPLES[source][name].body)))).toEqual(
        golden[name],
      );
    });
  });

  it.each(CASES)('%s %s gives valid canonical events on their family topics', (_source, _name, example) => {
    for (const event of adapted(_source, example.body).events) {
      expect(validateEvent(event, { family: EVENT_TYPE_INFO[event.type].family })).toEqual({
        ok: true,
        value: event,
      });
    }
  });

  const TYPES: [IngestSource, string, EventType[], string[]][] = [
    ['distribution', 'push', ['MANIFEST_PUSH', 'TAG_PUSH'], []],
    ['distribution', 'pushByDigest', ['MANIFEST_PUSH'], []],
    ['distribution', 'blobPush', [], ['blob']],
    ['distribution', 'pull', ['MANIFEST_PULL', 'TAG_PULL'], []],
    ['distribution', 'delete', ['MANIFEST_DELETE'], []],
    ['distribution', 'tagDelete', ['TAG_DELETE'], []],
    ['distribution', 'mount', [], ['mount']],
    ['distribution', 'batch', ['MANIFEST_PUSH', 'TAG_PUSH'], ['blob', 'blob']],
    ['distribution', 'v2', ['MANIFEST_PUSH', 'TAG_PUSH'], []],
    ['harbor', 'pushArtifact', ['MANIFEST_PUSH', 'TAG_PUSH'], []],
    ['harbor', 'pullArtifact', ['MANIFEST_PULL'], []],
    ['harbor', 'deleteArtifact', ['MANIFEST_DELETE', 'TAG_DELETE'], []],
    ['harbor', 'scanningCompleted', ['SCAN_COMPLETED'], []],
    ['harbor', 'scanningFailed', ['SCAN_FAILED'], []],
    ['harbor', 'scanningStopped', ['SCAN_FAILED'], []],
    ['harbor', 'quotaExceed', ['QUOTA_EXCEEDED'], []],
    ['harbor', 'quotaWarning', ['QUOTA_WARNING'], []],
    ['harbor', 'replication', ['REPLICATION_COMPLETED'], []],
    ['harbor', 'uploadChart', ['CHART_PUSH'], []],
    ['harbor', 'downloadChart', ['CHART_PULL'], []],
    ['harbor', 'deleteChart', ['CHART_DELETE'], []],
    ['harbor', 'tagRetention', [], ['tag_retention']],
    ['harbor', 'cloudEventPushed', ['MANIFEST_PUSH', 'TAG_PUSH'], []],
    ['harbor', 'cloudEventPulled', ['MANIFEST_PULL'], []],
    ['harbor', 'cloudEventDeleted', ['MANIFEST_DELETE', 'TAG_DELETE'], []],
    ['harbor', 'cloudEventScanCompleted', ['SCAN_COMPLETED'], []],
    ['harbor', 'cloudEventScanFailed', ['SCAN_FAILED'], []],
    ['harbor', 'cloudEventScanStopped', ['SCAN_FAILED'], []],
    ['harbor', 'cloudEventQuotaExceeded', ['QUOTA_EXCEEDED'], []],
    ['harbor', 'cloudEventQuotaWarned', ['QUOTA_WARNING'], []],
    ['harbor', 'cloudEventReplication', ['REPLICATION_COMPLETED'], []],
    ['harbor', 'cloudEventTagRetention', [], ['tag_retention']],
    ['acr', 'push', ['MANIFEST_PUSH', 'TAG_PUSH'], []],
    ['acr', 'delete', ['MANIFEST_DELETE'], []],
    ['acr', 'chartPush', ['CHART_PUSH'], []],
    ['acr', 'chartDelete', ['CHART_DELETE'], []],
    ['acr', 'ping', [], ['ping']],
    ['dockerhub', 'push', ['TAG_PUSH'], []],
    ['quay', 'repoPush', ['TAG_PUSH', 'TAG_PUSH'], []],
    ['quay', 'vulnerabilityFound', ['SCAN_COMPLETED', 'SCAN_COMPLETED'], []],
    ['quay', 'buildSuccess', [], ['build']],
  ];

  it('the type table covers every example', () => {
    expect(TYPES.map(([source, name]) => `${source}.${name}`).sort()).toEqual(
      CASES.map(([source, name]) => `${source}.${name}`).sort(),
    );
  });

  it.each(TYPES)('%s %s → %j, ignoring %j', (source, name, types, ignored) => {
    const result = adapted(source, INGEST_EXAMPLES[source][name].body);
    expect(result.events.map((event) => event.type)).toEqual(types);
    expect(result.ignored).toEqual(ignored);
  });

  it('ids are deterministic and unique across every example, one per native event and type', () => {
    const idsOf = (cases: typeof CASES) =>
      cases.flatMap(([source, , example]) => adapted(source, example.body).events.map((e) => e.id));
    // The batch repeats the push example's manifest event, which keeps its ids in any envelope.
    const distinct = CASES.filter(([source, name]) => !(source === 'distribution' && name === 'batch'));
    const ids = idsOf(distinct);
    expect(idsOf(distinct)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(adapted('distribution', INGEST_EXAMPLES.distribution.batch.body).events.map((e) => e.id)).toEqual(
      adapted('distribution', INGEST_EXAMPLES.distribution.push.body).events.map((e) => e.id),
    );
    for (const id of ids) expect(id).toMatch(/^(distribution|harbor|acr|dockerhub|quay)-[0-9a-f]{32}$/);
  });
});

describe('Distribution', () => {
  const push = INGEST_EXAMPLES.distribution.push.body as { events: Record<string, any>[] };

  it('maps the manifest push of a real docker-registry 2.8.2 field by field', () => {
    const [manifest, tag] = adapted('distribution', push).events;
    expect(tag).toMatchObject({
      type: 'TAG_PUSH',
      occurredAt: '2026-12-01T19:30:42.857982402Z',
      source: 'registry.example.com',
      target: {
        namespace: 'research',
        repository: 'research/hello',
        tag: 'v1',
        digest: 'sha256:247d2cc8e206bfb2e7db662b4f15b75f373146b4b69add7a8c823faa7a5b602a',
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        size: 401,
        url: 'registry.example.com/research/hello:v1',
      },
      request: { host: 'registry.example.com', method: 'PUT', useragent: 'skopeo/1.9.3' },
      data: { native: push.events[0] },
    });
    expect(tag.actor).toBeUndefined();
    expect(manifest.target).not.toHaveProperty('tag');
    expect(manifest.target!.url).toBe(`registry.example.com/research/hello@${manifest.target!.digest}`);
  });

  it('takes the source name when the event names no host, and the actor when it has one', () => {
    const event = { ...push.events[0], request: undefined, actor: { name: 'alice' } };
    const [first] = adapted('distribution', { events: [event] }).events;
    expect(first.source).toBe('distribution');
    expect(first.actor).toEqual({ name: 'alice' });
  });

  it('the same notification gives the same ids whatever its content type or layout', () => {
    const ids = (body: string, contentType: string) => {
      const result = adapt('distribution', body, contentType);
      return result.ok ? result.value.events.map((e) => e.id) : result.errors;
    };
    const compact = JSON.stringify(push);
    expect(ids(JSON.stringify(push, null, 3), 'application/vnd.docker.distribution.events.v2+json')).toEqual(
      ids(compact, 'application/vnd.docker.distribution.events.v1+json'),
    );
  });

  it('recognises blobs by media type when an event has no URL', () => {
    const layer = { ...push.events[0], target: { ...push.events[0].target, url: undefined } };
    layer.target.mediaType = 'application/vnd.oci.image.layer.v1.tar+gzip';
    expect(adapted('distribution', { events: [layer] })).toEqual({ events: [], ignored: ['blob'] });
  });

  it('a delete that names neither digest nor tag is the repository deleted', () => {
    const event = { ...push.events[0], action: 'delete', target: { repository: 'research/hello' } };
    const [deleted] = adapted('distribution', { events: [event] }).events;
    expect(deleted).toMatchObject({
      type: 'REPO_DELETED',
      target: {
        namespace: 'research',
        repository: 'research/hello',
        url: 'registry.example.com/research/hello',
      },
    });
  });

  it('keeps the native event only while it is small', () => {
    const big = { ...push.events[0], bulk: 'x'.repeat(MAX_NATIVE_BYTES) };
    const [event] = adapted('distribution', { events: [big] }).events;
    expect(event.data).not.toHaveProperty('native');
    const [small] = adapted('distribution', push).events;
    expect(small.data).toHaveProperty('native');
  });
});

describe('Harbor', () => {
  it('the same Default payload gives the same ids with its keys in another order', () => {
    const body = INGEST_EXAMPLES.harbor.pushArtifact.body;
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect(adapted('harbor', reordered).events.map((e) => e.id)).toEqual(
      adapted('harbor', body).events.map((e) => e.id),
    );
  });

  it('reads quota numbers from the message and the artifact from the resource', () => {
    const [exceeded] = adapted('harbor', INGEST_EXAMPLES.harbor.quotaExceed.body).events;
    expect(exceeded).toMatchObject({
      type: 'QUOTA_EXCEEDED',
      target: { namespace: 'library' },
      data: {
        hard: { storage: 10 * 1024 ** 3 },
        used: { storage: Math.round(9.9 * 1024 ** 3) },
        resource: 'storage',
        artifact: { repository: 'library/nginx', tag: '1.27.3' },
      },
    });
    expect(exceeded.data).toHaveProperty('percentage', 99.7);
  });

  it('names the Harbor project of a replication and each artifact in it', () => {
    const [replication] = adapted('harbor', INGEST_EXAMPLES.harbor.replication.body).events;
    expect(replication).toMatchObject({
      type: 'REPLICATION_COMPLETED',
      target: { namespace: 'mirror' },
      data: {
        trigger: 'scheduled',
        status: 'succeeded',
        source: { name: 'docker-hub', endpoint: 'https://hub.docker.com', namespace: 'library' },
        destination: { name: 'harbor.example.com', type: 'harbor', namespace: 'mirror' },
        succeeded: [{ repository: 'mirror/nginx', tags: ['1.27.3'] }],
        failed: [],
      },
    });
  });

  it('gives a chart event the chart name and version, the tag Helm gives the version', () => {
    const body = structuredClone(INGEST_EXAMPLES.harbor.uploadChart.body) as any;
    body.event_data.resources[0].tag = '1.2.3+build.7';
    const [chart] = adapted('harbor', body).events;
    expect(chart).toMatchObject({
      type: 'CHART_PUSH',
      target: { repository: 'library/nginx', tag: '1.2.3_build.7' },
      data: { chart: { name: 'nginx', version: '1.2.3+build.7' } },
    });
  });

  it('marks robot operators', () => {
    const [pulled] = adapted('harbor', INGEST_EXAMPLES.harbor.pullArtifact.body).events;
    expect(pulled.actor).toEqual({ name: 'robot$library+ci', type: 'robot' });
  });
});

describe('ACR, Docker Hub and Quay', () => {
  it('ACR: the registry host from the request, the chart version as the tag', () => {
    const [manifest] = adapted('acr', INGEST_EXAMPLES.acr.push.body).events;
    expect(manifest).toMatchObject({
      source: 'myregistry.azurecr.io',
      target: { repository: 'library/hello-world' },
    });
    const [chart] = adapted('acr', INGEST_EXAMPLES.acr.chartPush.body).events;
    expect(chart).toMatchObject({
      type: 'CHART_PUSH',
      source: 'acr',
      target: { repository: 'library/repo', tag: '5.4.0' },
      data: { chart: { name: 'wordpress', version: '5.4.0' } },
    });
  });

  it('Docker Hub: the id comes from repository, tag and push time', () => {
    const body = INGEST_EXAMPLES.dockerhub.push.body as any;
    const [first] = adapted('dockerhub', body).events;
    const [same] = adapted('dockerhub', {
      ...body,
      callback_url: 'https://elsewhere.example.com/hook',
    }).events;
    const later = { ...body, push_data: { ...body.push_data, pushed_at: body.push_data.pushed_at + 1 } };
    expect(same.id).toBe(first.id);
    expect(adapted('dockerhub', later).events[0].id).not.toBe(first.id);
    expect(first).toMatchObject({
      occurredAt: '2014-12-03T00:22:41.000Z',
      actor: { name: 'trustedbuilder' },
      target: { repository: 'svendowideit/testhook', tag: 'latest' },
    });
    expect(first.target).not.toHaveProperty('digest');
  });

  it('Quay: one event per tag, at the time the notification arrived', () => {
    const events = adapted('quay', INGEST_EXAMPLES.quay.repoPush.body).events;
    expect(events.map((e) => [e.target?.tag, e.occurredAt, e.target?.url])).toEqual([
      ['latest', '2026-12-01T20:00:00.000Z', 'quay.io/mynamespace/repository:latest'],
      ['v2.1.0', '2026-12-01T20:00:00.000Z', 'quay.io/mynamespace/repository:v2.1.0'],
    ]);
    const [scan] = adapted('quay', INGEST_EXAMPLES.quay.vulnerabilityFound.body).events;
    expect(scan.data).toMatchObject({
      status: 'completed',
      severity: 'Critical',
      vulnerability: { id: 'CVE-2024-45337', hasFix: true },
    });
  });

  it('Quay: a vulnerable manifest without tags is reported by its digest', () => {
    const digest = 'sha256:76525f02955aec223342400a080c73024c995c9db1ba2eabf7505cf3bdf3f1f0';
    const body = { ...INGEST_EXAMPLES.quay.vulnerabilityFound.body, tags: [digest] };
    const [scan] = adapted('quay', body).events;
    expect(scan.target).toEqual({
      namespace: 'mynamespace',
      repository: 'mynamespace/repository',
      digest,
      url: `quay.io/mynamespace/repository@${digest}`,
    });
  });
});

describe('bodies that are not the source’s format', () => {
  const pushEvent = (INGEST_EXAMPLES.distribution.push.body as { events: Record<string, unknown>[] })
    .events[0];
  const BAD: [IngestSource, string, unknown, { path: string; message: string | RegExp }[]][] = [
    ['distribution', 'an empty body', '', [{ path: '', message: /body is empty/ }]],
    ['distribution', 'text', 'events=1', [{ path: '', message: /body is not valid JSON/ }]],
    ['distribution', 'an array', '[]', [{ path: '', message: 'body must be a JSON object, not an array' }]],
    ['distribution', 'no envelope', { id: 'x' }, [{ path: '/events', message: 'is required' }]],
    [
      'distribution',
      'no events',
      { events: [] },
      [{ path: '/events', message: 'must have at least 1 item' }],
    ],
    [
      'distribution',
      'an unknown action',
      { events: [{ ...pushEvent, action: 'promote' }] },
      [{ path: '/events/0/action', message: 'must be one of "push", "pull", "mount", "delete"' }],
    ],
    [
      'distribution',
      'a bad timestamp and repository',
      { events: [{ ...pushEvent, timestamp: 'yesterday', target: { repository: 'Research/Hello' } }] },
      [
        { path: '/events/0/timestamp', message: /RFC 3339/ },
        { path: '/events/0/target/repository', message: /must match/ },
      ],
    ],
    [
      'harbor',
      'an unknown type',
      { type: 'PUSH_IMAGE', occur_at: 1, event_data: {} },
      [{ path: '/type', message: /must be one of "PUSH_ARTIFACT"/ }],
    ],
    [
      'harbor',
      'a push without repository',
      { type: 'PUSH_ARTIFACT', occur_at: 1, operator: 'admin', event_data: { resources: [] } },
      [
        { path: '/event_data/repository', message: 'is required for PUSH_ARTIFACT events' },
        { path: '/event_data/resources', message: 'is required for PUSH_ARTIFACT events' },
      ],
    ],
    [
      'harbor',
      'a CloudEvent of an unknown type',
      { specversion: '1.0', id: 'a', type: 'harbor.artifact.moved', time: '2026-01-01T00:00:00Z', data: {} },
      [{ path: '/type', message: /must be one of "harbor.artifact.pushed"/ }],
    ],
    [
      'harbor',
      'a replication with an unknown trigger',
      (() => {
        const body = structuredClone(INGEST_EXAMPLES.harbor.replication.body) as any;
        body.event_data.replication.trigger_type = 'WEBHOOK';
        return body;
      })(),
      [
        {
          path: '/event_data/replication/trigger_type',
          message: '"WEBHOOK" is not MANUAL, SCHEDULE or EVENT',
        },
      ],
    ],
    [
      'acr',
      'no action',
      { id: 'a', timestamp: '2026-01-01T00:00:00Z' },
      [{ path: '/action', message: /required/ }],
    ],
    [
      'acr',
      'a push without target',
      { id: 'a', timestamp: '2026-01-01T00:00:00Z', action: 'push' },
      [
        { path: '/target/repository', message: 'is required for push events' },
        { path: '/target/digest', message: 'is required for push events' },
      ],
    ],
    [
      'dockerhub',
      'a body without push data',
      { repository: { repo_name: 'a/b' } },
      [{ path: '/push_data', message: 'is required' }],
    ],
    [
      'dockerhub',
      'a push time past year 9999',
      {
        ...(INGEST_EXAMPLES.dockerhub.push.body as object),
        push_data: { pushed_at: 8640000000000.001, pusher: 'p', tag: 'latest' },
      },
      [{ path: '/push_data/pushed_at', message: /must be <= 253402300799/ }],
    ],
    [
      'harbor',
      'an event time past year 9999',
      { ...(INGEST_EXAMPLES.harbor.pushArtifact.body as object), occur_at: 1e15 },
      [{ path: '/occur_at', message: /must be <= 253402300799/ }],
    ],
    [
      'quay',
      'a repository event of no kind we know',
      { repository: 'a/b', namespace: 'a', name: 'b' },
      [{ path: '', message: /is not a Quay repo_push/ }],
    ],
    [
      'quay',
      'a push with a bad tag',
      { repository: 'a/b', updated_tags: ['-bad'] },
      [{ path: '/updated_tags/0', message: 'must be a tag' }],
    ],
  ];

  it.each(BAD)('%s: %s → 400 naming it', (source, _name, body, errors) => {
    expect(adapt(source, body)).toEqual({
      ok: false,
      errors: errors.map(({ path, message }) => ({ path, message: expect.stringMatching(message) })),
    });
  });

  it('an event the schemas refuse is reported at the native event it came from', () => {
    const long = {
      ...pushEvent,
      target: { ...(pushEvent.target as object), repository: `a/${'b'.repeat(260)}` },
    };
    const result = adapt('distribution', { events: [long] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0].path).toBe('/events/0/target/repository');
  });
});

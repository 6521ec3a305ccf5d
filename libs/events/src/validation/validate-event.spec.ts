import { exampleEvent } from '../catalogue';
import { EventType } from '../event-types';
import { EventFamily } from '../topics';
import { isRfc3339DateTime } from './date-time';
import { formatIssues, MAX_ISSUES, ValidationIssue, ValidationResult } from './issues';
import { validateEvent } from './validate-event';

/** The type's example with `change` applied to a copy. */
function broken(type: EventType, change: (event: any) => void): any {
  const event = exampleEvent(type);
  change(event);
  return event;
}

function issuesOf(result: ValidationResult<unknown>): ValidationIssue[] {
  if (result.ok) throw new Error('expected the value to be invalid');
  return result.errors;
}

const pathsOf = (result: ValidationResult<unknown>): string[] => issuesOf(result).map((issue) => issue.path);

/** Problems every family's envelope must catch; the example type is one of the family. */
const FAMILY_EXAMPLES: [EventFamily, EventType][] = [
  ['artifact', 'TAG_PUSH'],
  ['chart', 'CHART_PUSH'],
  ['scan', 'SCAN_COMPLETED'],
  ['replication', 'PUSH_MIRRORING'],
  ['quota', 'QUOTA_EXCEEDED'],
  ['repository', 'REPO_UPDATED'],
  ['system', 'SCANNER_UPDATE_COMPLETED'],
];

const ENVELOPE_CASES: [string, (event: any) => void, string, RegExp][] = [
  ['missing id', (e) => delete e.id, '/id', /is required/],
  ['missing data', (e) => delete e.data, '/data', /is required/],
  ['specversion of the wrong type', (e) => (e.specversion = 1), '/specversion', /must be "1"/],
  ['source of the wrong type', (e) => (e.source = ['registry']), '/source', /must be a string/],
  ['timestamp without offset', (e) => (e.occurredAt = '2026-11-22T10:00:00'), '/occurredAt', /RFC 3339/],
  ['timestamp with a space', (e) => (e.occurredAt = '2026-11-22 10:00:00Z'), '/occurredAt', /RFC 3339/],
  ['impossible date', (e) => (e.occurredAt = '2026-02-30T10:00:00Z'), '/occurredAt', /RFC 3339/],
  ['extra top-level property', (e) => (e.extra = true), '/extra', /not an allowed property/],
  ['extra actor property', (e) => (e.actor.email = 'a@b.c'), '/actor/email', /not an allowed property/],
  ['unknown actor type', (e) => (e.actor.type = 'alien'), '/actor/type', /one of "user", "robot", "system"/],
  ['id with spaces', (e) => (e.id = 'not an id'), '/id', /must match/],
];

describe('validateEvent: every family envelope', () => {
  describe.each(FAMILY_EXAMPLES)('%s (%s)', (family, type) => {
    it('accepts the catalogue example', () => {
      expect(validateEvent(exampleEvent(type), { family })).toEqual({ ok: true, value: exampleEvent(type) });
    });

    it.each(ENVELOPE_CASES)('rejects %s at the right path', (_name, change, path, message) => {
      const errors = issuesOf(validateEvent(broken(type, change), { family }));
      expect(errors).toEqual([{ path, message: expect.stringMatching(message) }]);
    });
  });
});

describe('validateEvent: targets', () => {
  it.each<[string, EventType, (event: any) => void, string, RegExp]>([
    ['bad digest', 'TAG_PUSH', (e) => (e.target.digest = 'sha256'), '/target/digest', /must match/],
    ['bad tag', 'TAG_PUSH', (e) => (e.target.tag = '-latest'), '/target/tag', /must match/],
    [
      'upper-case repository',
      'TAG_PUSH',
      (e) => (e.target.repository = 'library/NGINX'),
      '/target/repository',
      /must match/,
    ],
    ['negative size', 'MANIFEST_PUSH', (e) => (e.target.size = -1), '/target/size', /must be >= 0/],
    ['fractional size', 'MANIFEST_PUSH', (e) => (e.target.size = 1.5), '/target/size', /integer/],
    [
      'extra target property',
      'SCAN_COMPLETED',
      (e) => (e.target.image = 'x'),
      '/target/image',
      /not an allowed/,
    ],
    [
      'missing namespace',
      'QUOTA_WARNING',
      (e) => delete e.target.namespace,
      '/target/namespace',
      /is required/,
    ],
    ['missing target', 'REPO_CREATED', (e) => delete e.target, '/target', /is required/],
    [
      'extra system target property',
      'SCANNER_UPDATE_COMPLETED',
      (e) => (e.target = { x: 1 }),
      '/target/x',
      /not an allowed/,
    ],
    ['bad request field', 'TAG_PUSH', (e) => (e.request.method = 7), '/request/method', /must be a string/],
  ])('%s (%s)', (_name, type, change, path, message) => {
    expect(issuesOf(validateEvent(broken(type, change)))).toEqual([
      { path, message: expect.stringMatching(message) },
    ]);
  });
});

describe('validateEvent: family data', () => {
  it.each<[EventType, (event: any) => void, string, RegExp]>([
    ['TAG_PUSH', (e) => (e.data.tags = 'latest'), '/data/tags', /must be an array/],
    ['TAG_PUSH', (e) => (e.data.tags = ['ok', '!bad']), '/data/tags/1', /must match/],
    [
      'TAG_PUSH',
      (e) => (e.data.repositoryVisibility = 'internal'),
      '/data/repositoryVisibility',
      /"public", "private"/,
    ],
    [
      'PROMOTION',
      (e) => delete e.data.promotion.sourceRepository,
      '/data/promotion/sourceRepository',
      /is required/,
    ],
    ['MANIFEST_PUSH', (e) => (e.data.references = ['md5']), '/data/references/0', /must match/],
    ['CHART_PUSH', (e) => delete e.data.chart.version, '/data/chart/version', /is required/],
    ['CHART_PULL', (e) => (e.data.chart.name = ''), '/data/chart/name', /must not be empty/],
    [
      'SCAN_COMPLETED',
      (e) => (e.data.status = 'done'),
      '/data/status',
      /one of "completed", "failed", "stopped"/,
    ],
    ['SCAN_COMPLETED', (e) => (e.data.summary.high = -1), '/data/summary/high', /must be >= 0/],
    ['SCAN_COMPLETED', (e) => delete e.data.summary.total, '/data/summary/total', /is required/],
    ['SCAN_COMPLETED', (e) => (e.data.severity = 'Severe'), '/data/severity', /must be one of/],
    ['SCAN_COMPLETED', (e) => delete e.data.scanner, '/data/scanner', /is required/],
    ['SCAN_FAILED', (e) => (e.data.finishedAt = 'yesterday'), '/data/finishedAt', /RFC 3339/],
    [
      'PUSH_MIRRORING',
      (e) => (e.data.trigger = 'cron'),
      '/data/trigger',
      /"manual", "scheduled", "event_based"/,
    ],
    ['POLL_MIRRORING', (e) => delete e.data.destination, '/data/destination', /is required/],
    [
      'REPLICATION_COMPLETED',
      (e) => (e.data.succeeded[1].digest = 'nope'),
      '/data/succeeded/1/digest',
      /must match/,
    ],
    [
      'REPLICATION_COMPLETED',
      (e) => (e.data.failed[0].tags = null),
      '/data/failed/0/tags',
      /must be an array/,
    ],
    ['REPLICATION_COMPLETED', (e) => delete e.data.startedAt, '/data/startedAt', /is required/],
    ['QUOTA_EXCEEDED', (e) => (e.data.hard.Storage = 1), '/data/hard/Storage', /not an allowed property/],
    ['QUOTA_EXCEEDED', (e) => (e.data.used.storage = -2), '/data/used/storage', /must be >= -1/],
    ['QUOTA_EXCEEDED', (e) => (e.data.threshold = 120), '/data/threshold', /must be <= 100/],
    ['QUOTA_WARNING', (e) => delete e.data.artifact.digest, '/data/artifact/digest', /is required/],
    ['QUOTA_WARNING', (e) => (e.data.percentage = '87%'), '/data/percentage', /must be a number/],
    ['REPO_UPDATED', (e) => (e.data.changed = 'visibility'), '/data/changed', /must be an array/],
    ['REPO_CREATED', (e) => (e.data.scanOnPush = 'yes'), '/data/scanOnPush', /must be a boolean/],
    ['SCANNER_UPDATE_COMPLETED', (e) => (e.data.success = 'yes'), '/data/success', /must be a boolean/],
    [
      'SCANNER_UPDATE_COMPLETED',
      (e) => delete e.data.replicas['8f2c1a7b9e3d'].version,
      '/data/replicas/8f2c1a7b9e3d/version',
      /is required/,
    ],
  ])('%s: %s', (type, change, path, message) => {
    expect(issuesOf(validateEvent(broken(type, change)))).toEqual([
      { path, message: expect.stringMatching(message) },
    ]);
  });
});

describe('validateEvent: type rules beyond the family schema', () => {
  it.each<[string, EventType, (event: any) => void, string, RegExp]>([
    [
      'repository-scope type without repository',
      'SCAN_COMPLETED',
      (e) => delete e.target.repository,
      '/target/repository',
      /required for SCAN_COMPLETED/,
    ],
    [
      'mirroring without repository',
      'POLL_MIRRORING',
      (e) => delete e.target.repository,
      '/target/repository',
      /required/,
    ],
    [
      'repository outside the namespace',
      'TAG_PUSH',
      (e) => (e.target.repository = 'other/nginx'),
      '/target/repository',
      /inside namespace "library"/,
    ],
    [
      'namespace prefix but not a path segment',
      'REPO_CREATED',
      (e) => (e.target.repository = 'libraryx/nginx'),
      '/target/repository',
      /inside namespace/,
    ],
    ['tag event without tag', 'TAG_PULL', (e) => delete e.target.tag, '/target/tag', /required for TAG_PULL/],
    [
      'MANIFEST_PUSH without digest',
      'MANIFEST_PUSH',
      (e) => delete e.target.digest,
      '/target/digest',
      /required/,
    ],
    [
      'MANIFEST_DELETE without digest',
      'MANIFEST_DELETE',
      (e) => delete e.target.digest,
      '/target/digest',
      /required/,
    ],
    [
      'SCAN_FAILED without error',
      'SCAN_FAILED',
      (e) => delete e.data.error,
      '/data/error',
      /required for SCAN_FAILED/,
    ],
    [
      'chart without tag',
      'CHART_DELETE',
      (e) => delete e.target.tag,
      '/target/tag',
      /required for CHART_DELETE/,
    ],
    [
      'chart tag not the version',
      'CHART_PUSH',
      (e) => (e.target.tag = '18.2.4'),
      '/target/tag',
      /chart version "18.2.5"/,
    ],
  ])('%s', (_name, type, change, path, message) => {
    expect(issuesOf(validateEvent(broken(type, change)))).toEqual([
      { path, message: expect.stringMatching(message) },
    ]);
  });

  it.each<[string, EventType, (event: any) => void]>([
    [
      'a pull by digest without digest is fine for MANIFEST_PULL',
      'MANIFEST_PULL',
      (e) => delete e.target.digest,
    ],
    [
      'a tag push the registry reported without digest (Docker Hub, Quay)',
      'TAG_PUSH',
      (e) => delete e.target.digest,
    ],
    ["a tag delete without digest (Distribution's tag delete)", 'TAG_DELETE', (e) => delete e.target.digest],
    ['a namespace-scope type needs no repository', 'QUOTA_WARNING', (e) => delete e.target.repository],
    [
      'a chart version with build metadata uses Helm\'s "_" tag',
      'CHART_PUSH',
      (e) => {
        e.data.chart.version = '1.2.3+build.7';
        e.target.tag = '1.2.3_build.7';
      },
    ],
    ['a system event needs no target', 'SCANNER_UPDATE_COMPLETED', (e) => delete e.target],
    ['a scan of an untagged artifact', 'SCAN_COMPLETED', (e) => delete e.target.tag],
  ])('%s', (_name, type, change) => {
    expect(validateEvent(broken(type, change)).ok).toBe(true);
  });
});

describe('validateEvent: types, aliases and topics', () => {
  it.each<[string, EventType]>([
    ['PUSH_ARTIFACT', 'MANIFEST_PUSH'],
    ['push', 'TAG_PUSH'],
    ['SCANNING_FAILED', 'SCAN_FAILED'],
    ['QUOTA_EXCEED', 'QUOTA_EXCEEDED'],
    ['UPLOAD_CHART', 'CHART_PUSH'],
  ])('resolves the alias %s to %s without touching the input', (alias, type) => {
    const input = broken(type, (e) => (e.type = alias));
    const before = structuredClone(input);
    const result = validateEvent(input);
    expect(result).toEqual({ ok: true, value: { ...before, type } });
    expect(input).toEqual(before);
  });

  it('returns the input itself when it already carries the canonical name', () => {
    const input = exampleEvent('TAG_PUSH');
    const result = validateEvent(input);
    expect(result.ok && result.value).toBe(input);
  });

  it('reports a type of another family than the topic at /type, with the other problems', () => {
    const input = broken('TAG_PUSH', (e) => delete e.target.tag);
    expect(issuesOf(validateEvent(input, { family: 'scan' }))).toEqual([
      {
        path: '/type',
        message: 'TAG_PUSH belongs to the artifact family; registry.scan.v1 carries scan events',
      },
      { path: '/target/tag', message: 'is required for TAG_PUSH events' },
    ]);
    expect(
      validateEvent(
        broken('TAG_PUSH', (e) => (e.type = 'SCANNING_COMPLETED')),
        { family: 'artifact' },
      ).ok,
    ).toBe(false);
  });

  it('reports an unknown type once, and checks the rest against the topic family', () => {
    expect(issuesOf(validateEvent(broken('TAG_PUSH', (e) => (e.type = 'TAG_RETENTION'))))).toEqual([
      { path: '/type', message: '"TAG_RETENTION" is not a known event type or alias' },
    ]);
    const onTopic = issuesOf(
      validateEvent(
        broken('TAG_PUSH', (e) => ((e.type = 'nope'), (e.occurredAt = 'now'))),
        { family: 'artifact' },
      ),
    );
    expect(onTopic.map((issue) => issue.path)).toEqual(['/type', '/occurredAt']);
  });

  it.each([
    [{}, [{ path: '/type', message: 'is required' }]],
    [{ type: 42 }, [{ path: '/type', message: 'must be a string naming an event type' }]],
    [null, [{ path: '', message: 'must be a JSON object' }]],
    [[exampleEvent('TAG_PUSH')], [{ path: '', message: 'must be a JSON object' }]],
    ['TAG_PUSH', [{ path: '', message: 'must be a JSON object' }]],
  ])('rejects %j', (input, errors) => {
    expect(validateEvent(input)).toEqual({ ok: false, errors });
  });

  it('is case-sensitive: tag_push is not TAG_PUSH', () => {
    expect(pathsOf(validateEvent(broken('TAG_PUSH', (e) => (e.type = 'tag_push'))))).toEqual(['/type']);
  });
});

describe('validateEvent: reporting', () => {
  it('reports every problem, schema and semantic, one per path', () => {
    const input = broken('TAG_PUSH', (e) => {
      e.occurredAt = 'yesterday';
      e.target.digest = 'bad';
      e.target.repository = 'other/nginx';
      delete e.target.tag;
      e.data.tags = 'latest';
      e.unexpected = 1;
    });
    expect(pathsOf(validateEvent(input)).sort()).toEqual(
      [
        '/data/tags',
        '/occurredAt',
        '/target/digest',
        '/target/repository',
        '/target/tag',
        '/unexpected',
      ].sort(),
    );
  });

  it(`stops listing after ${MAX_ISSUES} problems`, () => {
    const input: any = exampleEvent('TAG_PUSH');
    for (let i = 0; i < 10_000; i++) input[`extra${i}`] = i;
    const errors = issuesOf(validateEvent(input));
    expect(errors).toHaveLength(MAX_ISSUES + 1);
    expect(errors[MAX_ISSUES]).toEqual({ path: '', message: 'more problems not listed' });
  });

  it('validates a typical event in a few microseconds (compiled once, nothing per call)', () => {
    const event = exampleEvent('SCAN_COMPLETED');
    for (let i = 0; i < 2_000; i++) validateEvent(event);
    const rounds = 20_000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) validateEvent(event);
    const microsPerEvent = Number(process.hrtime.bigint() - start) / rounds / 1_000;
    // Generous bound for a loaded CI machine; locally it is about 5 µs.
    expect(microsPerEvent).toBeLessThan(100);
  });
});

describe('RFC 3339 date-time', () => {
  it.each([
    '2026-11-22T10:00:00Z',
    '2026-11-22T10:00:00.123Z',
    '2026-11-22T10:00:00.123456789Z',
    '2026-11-22t10:00:00z',
    '2026-11-22T10:00:00+05:30',
    '2026-11-22T23:59:59-12:00',
    '2024-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
  ])('accepts %s', (value) => expect(isRfc3339DateTime(value)).toBe(true));

  it.each([
    '2026-11-22',
    '2026-11-22T10:00:00',
    '2026-11-22 10:00:00Z',
    '2026-11-22T10:00Z',
    '2026-11-22T10:00:00.Z',
    '2026-13-01T00:00:00Z',
    '2026-00-01T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-11-22T24:00:00Z',
    '2026-11-22T10:60:00Z',
    '2026-12-31T23:59:60Z',
    '2026-11-22T10:00:00+24:00',
    '2026-11-22T10:00:00+0530',
    '20261122T100000Z',
    ' 2026-11-22T10:00:00Z',
    '2026-11-22T10:00:00Z\n',
    '１２３４-11-22T10:00:00Z',
    '2026-11-22T10:00:00.123',
    '2026-11-22T10:00:00Zx',
    '2026-11-22T10:00:00+05:3',
    '2026-11-22T10:00:00+05:30x',
    '2026-11-22T10:00:00+05-30',
    '2026-11-2aT10:00:00Z',
    '-026-11-22T10:00:00Z',
  ])('refuses %j', (value) => expect(isRfc3339DateTime(value)).toBe(false));
});

describe('formatIssues', () => {
  it('joins issues into one line, the root without a path', () => {
    expect(
      formatIssues([
        { path: '/target/tag', message: 'must match ^x$' },
        { path: '', message: 'record value is not valid JSON' },
        { path: '/data', message: 'is required' },
      ]),
    ).toBe('/target/tag: must match ^x$; record value is not valid JSON; /data: is required');
  });

  it('caps the line at about 1 KB', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({
      path: `/extra${i}`,
      message: 'is not an allowed property',
    }));
    const line = formatIssues(many);
    expect(line.length).toBeLessThanOrEqual(1024);
    expect(line.endsWith('...')).toBe(true);
    expect(line.startsWith('/extra0: is not an allowed property; /extra1:')).toBe(true);
  });

  it('does not cut a surrogate pair in half', () => {
    const line = formatIssues([{ path: '', message: `${'x'.repeat(1020)}😀😀😀` }]);
    expect(line).toBe(`${'x'.repeat(1020)}...`);
  });
});

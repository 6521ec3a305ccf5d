import { catalogueEntry, EVENT_CATALOGUE, exampleEvent } from './catalogue';
import { EVENT_TYPES, resolveEventType } from './event-types';
import { INBOUND_TOPICS } from './topics';
import { validateEvent } from './validation';

/** DESIGN.md's event-type table, written out independently of EVENT_TYPE_INFO. */
const DESIGN_TABLE: [string, string, string, string, string][] = [
  ['TAG_PUSH', 'artifact', 'repository', 'repository-admin', 'ui-and-api'],
  ['TAG_PULL', 'artifact', 'repository', 'repository-admin', 'ui-and-api'],
  ['TAG_DELETE', 'artifact', 'repository', 'repository-admin', 'ui-and-api'],
  ['MANIFEST_PUSH', 'artifact', 'repository', 'repository-admin', 'ui-and-api'],
  ['MANIFEST_PULL', 'artifact', 'repository', 'repository-admin', 'ui-and-api'],
  ['MANIFEST_DELETE', 'artifact', 'repository', 'repository-admin', 'ui-and-api'],
  ['PROMOTION', 'artifact', 'repository', 'repository-admin', 'ui-and-api'],
  ['CHART_PUSH', 'chart', 'repository', 'repository-admin', 'ui-and-api'],
  ['CHART_PULL', 'chart', 'repository', 'repository-admin', 'ui-and-api'],
  ['CHART_DELETE', 'chart', 'repository', 'repository-admin', 'ui-and-api'],
  ['SCAN_COMPLETED', 'scan', 'repository', 'repository-admin', 'ui-and-api'],
  ['SCAN_FAILED', 'scan', 'repository', 'repository-admin', 'ui-and-api'],
  ['PUSH_MIRRORING', 'replication', 'repository', 'repository-admin', 'ui-and-api'],
  ['POLL_MIRRORING', 'replication', 'repository', 'repository-admin', 'ui-and-api'],
  ['REPLICATION_COMPLETED', 'replication', 'namespace', 'namespace-owner', 'ui-and-api'],
  ['QUOTA_EXCEEDED', 'quota', 'namespace', 'namespace-owner', 'ui-and-api'],
  ['QUOTA_WARNING', 'quota', 'namespace', 'namespace-owner', 'ui-and-api'],
  ['REPO_CREATED', 'repository', 'namespace', 'namespace-owner', 'api-only'],
  ['REPO_UPDATED', 'repository', 'namespace', 'namespace-owner', 'api-only'],
  ['REPO_DELETED', 'repository', 'namespace', 'namespace-owner', 'api-only'],
  ['SCANNER_UPDATE_COMPLETED', 'system', 'global', 'admin', 'api-only'],
];

const ALIASES: [string, string][] = [
  ['PUSH_ARTIFACT', 'MANIFEST_PUSH'],
  ['PULL_ARTIFACT', 'MANIFEST_PULL'],
  ['DELETE_ARTIFACT', 'MANIFEST_DELETE'],
  ['UPLOAD_CHART', 'CHART_PUSH'],
  ['DOWNLOAD_CHART', 'CHART_PULL'],
  ['DELETE_CHART', 'CHART_DELETE'],
  ['SCANNING_COMPLETED', 'SCAN_COMPLETED'],
  ['SCANNING_FAILED', 'SCAN_FAILED'],
  ['REPLICATION', 'REPLICATION_COMPLETED'],
  ['QUOTA_EXCEED', 'QUOTA_EXCEEDED'],
  ['push', 'TAG_PUSH'],
  ['delete', 'MANIFEST_DELETE'],
  ['chart_push', 'CHART_PUSH'],
  ['chart_delete', 'CHART_DELETE'],
];

describe('EVENT_CATALOGUE', () => {
  it('lists the 21 types of DESIGN.md in EVENT_TYPES order', () => {
    expect(EVENT_CATALOGUE.map((entry) => entry.type)).toEqual([...EVENT_TYPES]);
    expect(EVENT_CATALOGUE).toHaveLength(21);
  });

  it.each(DESIGN_TABLE)(
    '%s: family %s, scope %s, access %s, %s',
    (type, family, scope, access, availability) => {
      const entry = EVENT_CATALOGUE.find((e) => e.type === type);
      expect(entry).toMatchObject({ family, scope, access, availability, topic: `registry.${family}.v1` });
    },
  );

  it.each(ALIASES)('alias %s resolves to %s and is listed on its entry', (alias, type) => {
    expect(resolveEventType(alias)).toBe(type);
    expect(EVENT_CATALOGUE.find((e) => e.type === type)!.aliases).toContain(alias);
  });

  it.each(EVENT_CATALOGUE.map((entry) => [entry.type, entry] as const))(
    '%s example is a valid event of its own type on its topic',
    (type, entry) => {
      expect(entry.topic).toBe(INBOUND_TOPICS[entry.family]);
      expect(entry.example.type).toBe(type);
      const result = validateEvent(entry.example, { family: entry.family });
      expect(result).toEqual({ ok: true, value: entry.example });
    },
  );

  it('examples look like real events: ULID ids, unique, our registry, library/nginx', () => {
    const ids = EVENT_CATALOGUE.map((entry) => entry.example.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { example, scope } of EVENT_CATALOGUE) {
      expect(example).toMatchObject({ specversion: '1', source: 'registry.example.com' });
      expect(example.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(example.actor?.name).toBeTruthy();
      if (scope !== 'global') expect(example.target?.namespace).toBe('library');
      if (scope === 'repository') expect(example.target?.repository).toBe('library/nginx');
    }
  });

  it('describes every type in one distinct sentence', () => {
    const descriptions = EVENT_CATALOGUE.map((entry) => entry.description);
    expect(new Set(descriptions).size).toBe(descriptions.length);
    for (const description of descriptions) expect(description).toMatch(/^[A-Z].{10,120}\.$/);
  });

  it('is frozen, and exampleEvent hands out independent copies', () => {
    const entry = catalogueEntry('TAG_PUSH');
    expect(Object.isFrozen(entry.example.target)).toBe(true);
    const copy = exampleEvent('TAG_PUSH');
    expect(copy).toEqual(entry.example);
    copy.target!.tag = 'changed';
    expect(entry.example.target?.tag).toBe('1.27.3');
    expect(exampleEvent('TAG_PUSH').target?.tag).toBe('1.27.3');
  });
});

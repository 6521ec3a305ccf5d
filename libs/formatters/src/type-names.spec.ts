import { EVENT_TYPE_INFO, EVENT_TYPES } from '@app/events';
import { hasNativeName, TYPE_NAMES, typeNameIn } from './type-names';

/** The event types each system publishes (REFERENCE.md). */
const HARBOR_TYPES = [
  'PUSH_ARTIFACT',
  'PULL_ARTIFACT',
  'DELETE_ARTIFACT',
  'QUOTA_EXCEED',
  'QUOTA_WARNING',
  'SCANNING_FAILED',
  'SCANNING_STOPPED',
  'SCANNING_COMPLETED',
  'REPLICATION',
  'TAG_RETENTION',
  'UPLOAD_CHART',
  'DOWNLOAD_CHART',
  'DELETE_CHART',
];
const ACR_ACTIONS = ['push', 'delete', 'chart_push', 'chart_delete'];
const DISTRIBUTION_ACTIONS = ['pull', 'push', 'mount', 'delete'];

describe('TYPE_NAMES', () => {
  const column = (format: 'harbor' | 'dtr' | 'acr' | 'distribution') =>
    EVENT_TYPES.flatMap((type) => (TYPE_NAMES[type][format] === null ? [] : [TYPE_NAMES[type][format]]));

  it('uses only names the imitated systems send', () => {
    expect(HARBOR_TYPES).toEqual(expect.arrayContaining(column('harbor')));
    expect(ACR_ACTIONS).toEqual(expect.arrayContaining(column('acr')));
    expect(DISTRIBUTION_ACTIONS).toEqual(expect.arrayContaining(column('distribution')));
  });

  it('gives DTR our names, since our catalogue is DTR’s (plus the types DTR lacks)', () => {
    for (const type of EVENT_TYPES) expect([type, null]).toContain(TYPE_NAMES[type].dtr);
    expect(EVENT_TYPES.filter((type) => TYPE_NAMES[type].dtr === null)).toEqual([
      'REPLICATION_COMPLETED',
      'QUOTA_EXCEEDED',
      'QUOTA_WARNING',
    ]);
  });

  it('names every type in CloudEvents, uniquely, under io.registry.<family>', () => {
    const names = EVENT_TYPES.map((type) => TYPE_NAMES[type].cloudevents);
    expect(new Set(names).size).toBe(names.length);
    for (const type of EVENT_TYPES) {
      expect(TYPE_NAMES[type].cloudevents).toMatch(
        new RegExp(`^io\\.registry\\.${EVENT_TYPE_INFO[type].family}(\\.[a-z]+)+$`),
      );
    }
  });

  it('agrees with the catalogue: a Harbor or ACR alias of a type is that type’s name in the format', () => {
    for (const type of EVENT_TYPES) {
      for (const alias of EVENT_TYPE_INFO[type].aliases) {
        if (HARBOR_TYPES.includes(alias)) expect(TYPE_NAMES[type].harbor).toBe(alias);
        if (ACR_ACTIONS.includes(alias)) expect(TYPE_NAMES[type].acr).toBe(alias);
      }
    }
  });

  it('falls back to our name where a format has none', () => {
    expect(typeNameIn('harbor', 'TAG_DELETE')).toBe('TAG_DELETE');
    expect(hasNativeName('harbor', 'TAG_DELETE')).toBe(false);
    expect(typeNameIn('harbor', 'MANIFEST_PUSH')).toBe('PUSH_ARTIFACT');
    expect(hasNativeName('acr', 'CHART_PUSH')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { eventTypeBlocker, mayAdminister, scopeTypesFor } from './access';
import { ADMIN } from './test-support';
import { CATALOGUE } from './test-fixtures';

const owner = { subject: 'olga', admin: false, namespaces: ['foo'], repositories: [] };
const repoAdmin = { subject: 'rita', admin: false, namespaces: [], repositories: ['bar/app'] };
const type = (name: string) => CATALOGUE.find((entry) => entry.type === name)!;

describe('what the form offers', () => {
  it('offers only the scopes the caller administers', () => {
    expect(scopeTypesFor(ADMIN)).toEqual(['global', 'namespace', 'repository']);
    expect(scopeTypesFor(owner)).toEqual(['namespace', 'repository']);
    expect(scopeTypesFor(repoAdmin)).toEqual(['repository']);
    expect(mayAdminister(owner, { type: 'repository', repository: 'foo/x' })).toBe(true);
    expect(mayAdminister(owner, { type: 'repository', repository: 'bar/app' })).toBe(false);
    expect(mayAdminister(repoAdmin, { type: 'repository', repository: 'bar/app' })).toBe(true);
    expect(mayAdminister(repoAdmin, { type: 'namespace', namespace: 'bar' })).toBe(false);
  });

  it('explains which event types a scope or the caller’s level rules out', () => {
    const repository = { type: 'repository', repository: 'bar/app' } as const;
    expect(eventTypeBlocker(repoAdmin, repository, type('TAG_PUSH'))).toBeUndefined();
    expect(eventTypeBlocker(repoAdmin, repository, type('QUOTA_EXCEEDED'))).toBe(
      'needs a namespace or global scope',
    );
    expect(eventTypeBlocker(repoAdmin, { type: 'namespace', namespace: 'bar' }, type('QUOTA_EXCEEDED'))).toBe(
      'needs the namespace owner',
    );
    expect(
      eventTypeBlocker(owner, { type: 'namespace', namespace: 'foo' }, type('QUOTA_EXCEEDED')),
    ).toBeUndefined();
    expect(eventTypeBlocker(ADMIN, { type: 'global' }, type('SCANNER_UPDATE_COMPLETED'))).toBe(
      'available through the API only',
    );
  });
});

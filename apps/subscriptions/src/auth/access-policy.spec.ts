import { EventType, SubscriptionScope } from '@app/events';
import { AccessPolicy } from './access-policy';
import { AccessGrant, Principal } from './principal';

const policy = new AccessPolicy();

const principal = (admin: boolean, ...access: AccessGrant[]): Principal => ({
  subject: 'someone',
  admin,
  access,
});
const who = {
  admin: principal(true),
  fooOwner: principal(false, { type: 'namespace', name: 'foo', actions: ['owner'] }),
  fooNamespaceAdmin: principal(false, { type: 'namespace', name: 'foo', actions: ['admin'] }),
  fooPuller: principal(false, { type: 'namespace', name: 'foo', actions: ['pull', 'push'] }),
  barAdmin: principal(false, { type: 'repository', name: 'foo/bar', actions: ['admin'] }),
  barWildcard: principal(false, { type: 'repository', name: 'foo/bar', actions: ['*'] }),
  barPusher: principal(false, { type: 'repository', name: 'foo/bar', actions: ['pull', 'push'] }),
  otherAdmin: principal(false, { type: 'repository', name: 'foo/other', actions: ['admin'] }),
  nobody: principal(false),
};
type Who = keyof typeof who;

const scopes = {
  global: { type: 'global' },
  foo: { type: 'namespace', namespace: 'foo' },
  baz: { type: 'namespace', namespace: 'baz' },
  fooBar: { type: 'repository', repository: 'foo/bar' },
  fooBarTagged: { type: 'repository', repository: 'foo/bar', tag: 'v*' },
  fooOther: { type: 'repository', repository: 'foo/other' },
  fooBarNested: { type: 'repository', repository: 'foo/bar/nested' },
  bazQux: { type: 'repository', repository: 'baz/qux' },
} satisfies Record<string, SubscriptionScope>;
type Scope = keyof typeof scopes;

/** Who may administer each scope (the DTR rules); everyone else may not. */
const ADMINISTERS: Record<Scope, Who[]> = {
  global: ['admin'],
  foo: ['admin', 'fooOwner', 'fooNamespaceAdmin'],
  baz: ['admin'],
  fooBar: ['admin', 'fooOwner', 'fooNamespaceAdmin', 'barAdmin', 'barWildcard'],
  fooBarTagged: ['admin', 'fooOwner', 'fooNamespaceAdmin', 'barAdmin', 'barWildcard'],
  fooOther: ['admin', 'fooOwner', 'fooNamespaceAdmin', 'otherAdmin'],
  fooBarNested: ['admin', 'fooOwner', 'fooNamespaceAdmin'],
  bazQux: ['admin'],
};

describe('AccessPolicy', () => {
  describe('canAdminister', () => {
    for (const [scopeName, allowed] of Object.entries(ADMINISTERS) as [Scope, Who[]][]) {
      for (const name of Object.keys(who) as Who[]) {
        const expected = allowed.includes(name);
        it(`${name} ${expected ? 'may' : 'may not'} administer ${scopeName}`, () => {
          expect(policy.canAdminister(who[name], scopes[scopeName])).toBe(expected);
        });
      }
    }
  });

  describe('canSubscribe (scope administrable and each type access level met)', () => {
    const cases: [Who, Scope, EventType[], boolean][] = [
      // repository-admin types
      ['barAdmin', 'fooBar', ['TAG_PUSH', 'SCAN_COMPLETED', 'MANIFEST_DELETE'], true],
      ['barAdmin', 'fooBarTagged', ['TAG_PUSH'], true],
      ['barAdmin', 'fooOther', ['TAG_PUSH'], false],
      ['otherAdmin', 'fooBar', ['TAG_PUSH'], false],
      ['barPusher', 'fooBar', ['TAG_PUSH'], false],
      ['barAdmin', 'foo', ['TAG_PUSH'], false],
      ['fooOwner', 'fooBar', ['TAG_PUSH'], true],
      ['fooOwner', 'foo', ['TAG_PUSH', 'CHART_PUSH'], true],
      ['fooPuller', 'fooBar', ['TAG_PUSH'], false],
      ['nobody', 'fooBar', ['TAG_PUSH'], false],
      // namespace-owner types
      ['fooOwner', 'foo', ['QUOTA_EXCEEDED', 'REPLICATION_COMPLETED', 'REPO_CREATED'], true],
      ['fooNamespaceAdmin', 'foo', ['QUOTA_WARNING'], true],
      ['fooOwner', 'baz', ['QUOTA_EXCEEDED'], false],
      ['barAdmin', 'foo', ['QUOTA_EXCEEDED'], false],
      ['admin', 'baz', ['QUOTA_EXCEEDED'], true],
      // admin-only type and the global scope
      ['admin', 'global', ['SCANNER_UPDATE_COMPLETED'], true],
      ['fooOwner', 'global', ['SCANNER_UPDATE_COMPLETED'], false],
      ['fooOwner', 'global', ['TAG_PUSH'], false],
      ['fooOwner', 'foo', ['SCANNER_UPDATE_COMPLETED'], false],
      ['barAdmin', 'fooBar', ['SCANNER_UPDATE_COMPLETED'], false],
      ['admin', 'global', ['TAG_PUSH', 'QUOTA_EXCEEDED'], true],
      // one denied type denies the whole subscription
      ['fooOwner', 'foo', ['TAG_PUSH', 'SCANNER_UPDATE_COMPLETED'], false],
    ];
    it.each(cases)('%s at %s subscribing to %j → %s', (name, scope, types, expected) => {
      expect(policy.canSubscribe(who[name], scopes[scope], types)).toBe(expected);
    });
  });

  it('names the types whose level the caller lacks', () => {
    expect(
      policy.deniedEventTypes(who.fooOwner, scopes.foo, [
        'TAG_PUSH',
        'SCANNER_UPDATE_COMPLETED',
        'QUOTA_EXCEEDED',
      ]),
    ).toEqual(['SCANNER_UPDATE_COMPLETED']);
    expect(policy.deniedEventTypes(who.admin, scopes.global, ['SCANNER_UPDATE_COMPLETED'])).toEqual([]);
  });

  it('derives what a caller may list', () => {
    expect(policy.visibility(who.admin)).toEqual({ everything: true });
    expect(policy.visibility(who.fooOwner)).toEqual({
      everything: false,
      namespaces: ['foo'],
      repositories: [],
    });
    expect(policy.visibility(who.barAdmin)).toEqual({
      everything: false,
      namespaces: [],
      repositories: ['foo/bar'],
    });
    expect(policy.visibility(who.barPusher)).toEqual({ everything: false, namespaces: [], repositories: [] });
    expect(policy.visibility(who.fooPuller)).toEqual({ everything: false, namespaces: [], repositories: [] });
  });

  it('does not treat a namespace grant as a repository grant of the same name or vice versa', () => {
    const confused = principal(false, { type: 'repository', name: 'foo', actions: ['admin'] });
    expect(policy.canAdminister(confused, scopes.foo)).toBe(false);
    expect(policy.canAdminister(confused, scopes.fooBar)).toBe(false);
    const namespaceNamedLikeRepo = principal(false, {
      type: 'namespace',
      name: 'foo/bar',
      actions: ['owner'],
    });
    expect(policy.canAdminister(namespaceNamedLikeRepo, scopes.fooBar)).toBe(false);
  });
});

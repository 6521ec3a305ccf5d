import { EVENT_TYPES, EventType } from '../event-types';
import { SubscriptionScope } from '../internal';
import { isScopeAllowedForType, MatchTarget, parseScope, scopeCovers, tagGlobToRegExp } from './scope';

describe('tagGlobToRegExp', () => {
  it.each<[string, string, boolean]>([
    ['v*', 'v1.2.3', true],
    ['v*', 'v', true],
    ['v*', 'release-v1', false],
    ['*', '', true],
    ['*', 'anything', true],
    ['1.?', '1.2', true],
    ['1.?', '1.22', false],
    ['1.?', '1x2', false],
    ['1.2', '1x2', false],
    ['*-rc?', '2.0-rc1', true],
    ['*-rc?', '2.0-rc10', false],
    ['latest', 'latest', true],
    ['latest', 'latest2', false],
    ['latest', 'my-latest', false],
    ['a+b', 'a+b', true],
    ['a+b', 'aab', false],
    ['(x)|y', '(x)|y', true],
    ['(x)|y', 'y', false],
    ['[ab]', 'a', false],
    ['[ab]', '[ab]', true],
    ['^v$', '^v$', true],
    ['a\\b', 'a\\b', true],
    ['v*.*', 'v1.0', true],
    ['v*.*', 'v10', false],
  ])('%s against %s: %s', (glob, tag, matches) => {
    expect(tagGlobToRegExp(glob).test(tag)).toBe(matches);
  });
});

describe('parseScope', () => {
  it.each<[SubscriptionScope | string, SubscriptionScope]>([
    ['', { type: 'global' }],
    ['foo', { type: 'namespace', namespace: 'foo' }],
    ['foo/bar', { type: 'repository', repository: 'foo/bar' }],
    ['foo/bar/baz', { type: 'repository', repository: 'foo/bar/baz' }],
    ['foo/bar:v*', { type: 'repository', repository: 'foo/bar', tag: 'v*' }],
    ['foo/bar:1.?', { type: 'repository', repository: 'foo/bar', tag: '1.?' }],
    ['foo/bar:*', { type: 'repository', repository: 'foo/bar' }],
    ['foo/bar:latest', { type: 'repository', repository: 'foo/bar', tag: 'latest' }],
    [{ type: 'global' }, { type: 'global' }],
    [
      { type: 'namespace', namespace: 'foo' },
      { type: 'namespace', namespace: 'foo' },
    ],
    [
      { type: 'repository', repository: 'foo/bar', tag: 'v*' },
      { type: 'repository', repository: 'foo/bar', tag: 'v*' },
    ],
  ])('%j', (input, scope) => {
    expect(parseScope(input)).toEqual({ ok: true, value: scope });
  });

  it.each<[unknown, string, RegExp]>([
    ['Foo/bar', '/repository', /must match/],
    ['foo/', '/repository', /must match/],
    ['/bar', '/repository', /must match/],
    ['Foo', '/namespace', /must match/],
    ['foo:v*', '', /needs a repository/],
    ['foo/bar:', '', /empty/],
    ['foo/bar:v[0-9]*', '/tag', /wildcards/],
    ['foo/bar:{a,b}', '/tag', /wildcards/],
    [{ type: 'repository', repository: 'foo/bar', tag: 'v 1' }, '/tag', /wildcards/],
    [{ type: 'repository', repository: 'foo/bar', tag: '' }, '/tag', /must not be empty/],
    [{ type: 'repo', repository: 'foo/bar' }, '/type', /"global", "namespace", "repository"/],
    [{ type: 'namespace' }, '/namespace', /is required/],
    [
      { type: 'namespace', namespace: 'foo', repository: 'foo/bar' },
      '/repository',
      /not an allowed property/,
    ],
    [{ type: 'global', namespace: 'foo' }, '/namespace', /not an allowed property/],
  ])('rejects %j at %j', (input, path, message) => {
    expect(parseScope(input as SubscriptionScope)).toEqual({
      ok: false,
      errors: [{ path, message: expect.stringMatching(message) }],
    });
  });
});

describe('scopeCovers', () => {
  const global: SubscriptionScope = { type: 'global' };
  const foo: SubscriptionScope = { type: 'namespace', namespace: 'foo' };
  const fooBar: SubscriptionScope = { type: 'repository', repository: 'foo/bar' };
  const fooBarV: SubscriptionScope = { type: 'repository', repository: 'foo/bar', tag: 'v*' };

  it.each<[string, SubscriptionScope, MatchTarget | undefined, boolean]>([
    ['global covers a repository event', global, { namespace: 'foo', repository: 'foo/bar', tag: '1' }, true],
    ['global covers an event without target', global, undefined, true],
    ['namespace covers its repository', foo, { namespace: 'foo', repository: 'foo/bar' }, true],
    ['namespace covers a namespace event', foo, { namespace: 'foo' }, true],
    [
      'namespace does not cover another namespace',
      foo,
      { namespace: 'foobar', repository: 'foobar/x' },
      false,
    ],
    ['namespace does not cover an event without target', foo, undefined, false],
    ['namespace derived from the repository', foo, { repository: 'foo/baz' }, true],
    ['repository covers itself', fooBar, { namespace: 'foo', repository: 'foo/bar', tag: 'x' }, true],
    [
      'repository covers an untagged event without filter',
      fooBar,
      { namespace: 'foo', repository: 'foo/bar' },
      true,
    ],
    ['repository does not cover a sibling', fooBar, { namespace: 'foo', repository: 'foo/bar2' }, false],
    [
      'repository does not cover a nested one',
      fooBar,
      { namespace: 'foo', repository: 'foo/bar/baz' },
      false,
    ],
    ['repository does not cover its namespace event', fooBar, { namespace: 'foo' }, false],
    ['tag filter matches', fooBarV, { namespace: 'foo', repository: 'foo/bar', tag: 'v2' }, true],
    ['tag filter does not match', fooBarV, { namespace: 'foo', repository: 'foo/bar', tag: 'latest' }, false],
    ['tag filter needs a tag', fooBarV, { namespace: 'foo', repository: 'foo/bar' }, false],
    [
      'tag filter on another repository',
      fooBarV,
      { namespace: 'foo', repository: 'foo/baz', tag: 'v2' },
      false,
    ],
  ])('%s', (_name, scope, target, covers) => {
    expect(scopeCovers(scope, target)).toBe(covers);
  });
});

describe('isScopeAllowedForType', () => {
  const scopes: Record<string, SubscriptionScope> = {
    global: { type: 'global' },
    namespace: { type: 'namespace', namespace: 'foo' },
    repository: { type: 'repository', repository: 'foo/bar', tag: 'v*' },
  };
  const allowedScopes = (type: EventType) =>
    Object.keys(scopes).filter((name) => isScopeAllowedForType(scopes[name], type).allowed);

  it.each(EVENT_TYPES.map((type) => [type]))('%s', (type) => {
    const expected: Record<string, string[]> = {
      REPLICATION_COMPLETED: ['global', 'namespace'],
      QUOTA_EXCEEDED: ['global', 'namespace'],
      QUOTA_WARNING: ['global', 'namespace'],
      REPO_CREATED: ['global', 'namespace'],
      REPO_UPDATED: ['global', 'namespace'],
      REPO_DELETED: ['global', 'namespace'],
      SCANNER_UPDATE_COMPLETED: ['global'],
    };
    expect(allowedScopes(type)).toEqual(expected[type] ?? ['global', 'namespace', 'repository']);
  });

  it('explains the refusal', () => {
    expect(isScopeAllowedForType(scopes.repository, 'QUOTA_EXCEEDED')).toEqual({
      allowed: false,
      reason:
        'QUOTA_EXCEEDED is a namespace-scope event: subscribe to it with a namespace or global scope, not a repository scope',
    });
    expect(isScopeAllowedForType(scopes.namespace, 'SCANNER_UPDATE_COMPLETED')).toEqual({
      allowed: false,
      reason:
        'SCANNER_UPDATE_COMPLETED is a global-scope event: subscribe to it with the global scope, not a namespace scope',
    });
  });
});

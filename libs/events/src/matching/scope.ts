import { TypeCompiler } from '@sinclair/typebox/compiler';
import { EVENT_TYPE_INFO, EventScope, EventType } from '../event-types';
import { SubscriptionScope } from '../internal';
import { IssueList, quote, ValidationResult } from '../validation/issues';

/** The part of an event a scope is matched against (an event's target, or a MatchSubscriptions query). */
export interface MatchTarget {
  namespace?: string;
  repository?: string;
  tag?: string;
}

const REGEXP_SPECIAL = /[.+^${}()|[\]\\/]/g;

/** `*` matches any run of characters, `?` exactly one, everything else itself; the whole tag must match. */
export function tagGlobToRegExp(glob: string): RegExp {
  const source = glob.replace(REGEXP_SPECIAL, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${source}$`, 's');
}

/** Compiled globs, shared by every scopeCovers call; bounded because globs come from users. */
const GLOB_CACHE = new Map<string, RegExp>();
const GLOB_CACHE_LIMIT = 10_000;

function globRegExp(glob: string): RegExp {
  let regexp = GLOB_CACHE.get(glob);
  if (regexp === undefined) {
    if (GLOB_CACHE.size >= GLOB_CACHE_LIMIT) GLOB_CACHE.clear();
    regexp = tagGlobToRegExp(glob);
    GLOB_CACHE.set(glob, regexp);
  }
  return regexp;
}

/** The target's namespace, or the first segment of its repository when only that is given. */
export function namespaceOf(target: MatchTarget): string | undefined {
  if (target.namespace !== undefined) return target.namespace;
  const slash = target.repository?.indexOf('/') ?? -1;
  return slash > 0 ? target.repository!.slice(0, slash) : undefined;
}

/**
 * Whether an event about `target` falls inside `scope`. A tag-filtered repository scope only
 * covers events that carry a tag matching the glob.
 */
export function scopeCovers(scope: SubscriptionScope, target: MatchTarget | undefined): boolean {
  switch (scope.type) {
    case 'global':
      return true;
    case 'namespace':
      return target !== undefined && namespaceOf(target) === scope.namespace;
    case 'repository':
      if (target?.repository !== scope.repository) return false;
      return scope.tag === undefined || (target.tag !== undefined && globRegExp(scope.tag).test(target.tag));
  }
}

const SCOPE_CHECK = TypeCompiler.Compile(SubscriptionScope);
/** Tag characters plus the two wildcards; anything else (`[`, `{`, …) is a mistaken regex or shell glob. */
const TAG_GLOB = /^[\w.*?-]+$/;

function validateScopeObject(
  value: unknown,
  issues: IssueList,
  prefix: string,
): SubscriptionScope | undefined {
  if (!SCOPE_CHECK.Check(value)) {
    issues.addSchemaErrors(SCOPE_CHECK, value, prefix);
    return undefined;
  }
  if (value.type === 'repository' && value.tag !== undefined && !TAG_GLOB.test(value.tag)) {
    issues.add(
      `${prefix}/tag`,
      "may contain only letters, digits, '_', '.', '-' and the wildcards '*' (any run) and '?' (one character)",
    );
    return undefined;
  }
  return value;
}

/** `foo/bar`, `foo/bar:v*`, `foo/bar:*` (repository; `*` alone is no filter), `foo` (namespace), `` (global, as ACR's empty scope). */
function scopeFromString(input: string, issues: IssueList): SubscriptionScope | undefined {
  if (input === '') return { type: 'global' };
  const colon = input.indexOf(':');
  const path = colon === -1 ? input : input.slice(0, colon);
  const glob = colon === -1 ? undefined : input.slice(colon + 1);
  if (!path.includes('/')) {
    if (glob !== undefined) {
      issues.add('', `${quote(input)}: a tag filter needs a repository (namespace/name:tag)`);
      return undefined;
    }
    return validateScopeObject({ type: 'namespace', namespace: path }, issues, '');
  }
  if (glob === '') {
    issues.add('', `${quote(input)}: the tag filter after ':' is empty (use ':*' or leave it out)`);
    return undefined;
  }
  const scope =
    glob === undefined || glob === '*'
      ? { type: 'repository', repository: path }
      : { type: 'repository', repository: path, tag: glob };
  return validateScopeObject(scope, issues, '');
}

/**
 * A subscription scope from its object form or the ACR-style shorthand string. Issue paths name the
 * scope field at fault (`/repository`, `/namespace`, `/tag`), also for a string parsed into one;
 * a string that cannot be split into fields gets path ''.
 */
export function parseScope(input: SubscriptionScope | string): ValidationResult<SubscriptionScope> {
  const issues = new IssueList();
  const scope =
    typeof input === 'string' ? scopeFromString(input, issues) : validateScopeObject(input, issues, '');
  return scope === undefined ? { ok: false, errors: issues.result() } : { ok: true, value: scope };
}

const WIDTH: Readonly<Record<EventScope, number>> = { repository: 0, namespace: 1, global: 2 };

export type ScopeAllowance = { allowed: true } | { allowed: false; reason: string };

/**
 * The shape rule for subscribing `type` at `scope`: the scope may be the event's own scope or
 * wider (a repository event at namespace or global scope, a namespace event at global scope), never
 * narrower than the thing the event is about. Who may create which scope is checked elsewhere.
 */
export function isScopeAllowedForType(scope: SubscriptionScope, type: EventType): ScopeAllowance {
  const own = EVENT_TYPE_INFO[type].scope;
  if (WIDTH[scope.type] >= WIDTH[own]) return { allowed: true };
  const wider = own === 'namespace' ? 'a namespace or global scope' : 'the global scope';
  return {
    allowed: false,
    reason: `${type} is a ${own}-scope event: subscribe to it with ${wider}, not a ${scope.type} scope`,
  };
}

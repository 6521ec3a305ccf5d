import type { CallerView, CatalogueEntryView, SubscriptionScope } from './api/types';

/**
 * What the form offers: the scopes the caller administers and the event types it may subscribe to
 * for a scope, read from GET /me and the catalogue. The API decides; this only keeps the form from
 * offering what it would refuse (DTR's levels: admin, namespace owner, repository admin).
 */

const namespaceOf = (repository: string): string => repository.split('/')[0];

export function mayAdminister(caller: CallerView, scope: SubscriptionScope): boolean {
  if (caller.admin) return true;
  switch (scope.type) {
    case 'global':
      return false;
    case 'namespace':
      return caller.namespaces.includes(scope.namespace);
    case 'repository':
      return (
        caller.namespaces.includes(namespaceOf(scope.repository)) ||
        caller.repositories.includes(scope.repository)
      );
  }
}

export function scopeTypesFor(caller: CallerView): SubscriptionScope['type'][] {
  if (caller.admin) return ['global', 'namespace', 'repository'];
  return caller.namespaces.length > 0 ? ['namespace', 'repository'] : ['repository'];
}

/** Why the caller cannot subscribe to this type at this scope, or undefined when it can. */
export function eventTypeBlocker(
  caller: CallerView,
  scope: SubscriptionScope,
  entry: Pick<CatalogueEntryView, 'scope' | 'access' | 'availability'>,
): string | undefined {
  if (entry.availability === 'api-only') return 'available through the API only';
  if (entry.scope === 'global' && scope.type !== 'global') return 'needs the global scope';
  if (entry.scope === 'namespace' && scope.type === 'repository') return 'needs a namespace or global scope';
  if (entry.access === 'admin' && !caller.admin) return 'needs an admin';
  if (entry.access === 'namespace-owner' && !caller.admin) {
    const namespace =
      scope.type === 'namespace'
        ? scope.namespace
        : scope.type === 'repository'
          ? namespaceOf(scope.repository)
          : '';
    if (!caller.namespaces.includes(namespace)) return 'needs the namespace owner';
  }
  return undefined;
}

import { AccessLevel, EVENT_TYPE_INFO, EventType, SubscriptionScope } from '@app/events';
import { Injectable } from '@nestjs/common';
import { Principal } from './principal';

/** Actions that make a grant an administrative one (`*` is the Docker token's "every action"). */
const ADMIN_ACTIONS = new Set(['admin', 'owner', '*']);

/** What a caller may see: everything, or the union of some namespaces and repositories. */
export type Visibility =
  { everything: true } | { everything: false; namespaces: string[]; repositories: string[] };

export function repositoryNamespace(repository: string): string {
  return repository.split('/')[0];
}

/**
 * DTR's access model. An admin may do anything; a namespace owner administers the namespace and
 * every repository in it; a repository admin administers that repository. Who may subscribe to a
 * type follows the catalogue's `access` level, on top of being able to administer the scope.
 */
@Injectable()
export class AccessPolicy {
  isNamespaceOwner(principal: Principal, namespace: string): boolean {
    return principal.admin || this.hasGrant(principal, 'namespace', namespace);
  }

  isRepositoryAdmin(principal: Principal, repository: string): boolean {
    return (
      this.isNamespaceOwner(principal, repositoryNamespace(repository)) ||
      this.hasGrant(principal, 'repository', repository)
    );
  }

  /** May the caller see, create, change and delete webhooks with this scope? */
  canAdminister(principal: Principal, scope: SubscriptionScope): boolean {
    switch (scope.type) {
      case 'global':
        return principal.admin;
      case 'namespace':
        return this.isNamespaceOwner(principal, scope.namespace);
      case 'repository':
        return this.isRepositoryAdmin(principal, scope.repository);
    }
  }

  /** The event types whose access level the caller lacks for this scope. */
  deniedEventTypes(principal: Principal, scope: SubscriptionScope, types: readonly EventType[]): EventType[] {
    return types.filter((type) => !this.satisfies(principal, scope, EVENT_TYPE_INFO[type].access));
  }

  canSubscribe(principal: Principal, scope: SubscriptionScope, types: readonly EventType[]): boolean {
    return (
      this.canAdminister(principal, scope) && this.deniedEventTypes(principal, scope, types).length === 0
    );
  }

  visibility(principal: Principal): Visibility {
    if (principal.admin) return { everything: true };
    const names = (type: 'namespace' | 'repository') =>
      principal.access
        .filter((grant) => grant.type === type && grant.actions.some((action) => ADMIN_ACTIONS.has(action)))
        .map((grant) => grant.name);
    return { everything: false, namespaces: names('namespace'), repositories: names('repository') };
  }

  private satisfies(principal: Principal, scope: SubscriptionScope, level: AccessLevel): boolean {
    switch (level) {
      case 'admin':
        return principal.admin;
      case 'namespace-owner':
        if (scope.type === 'global') return principal.admin;
        return this.isNamespaceOwner(
          principal,
          scope.type === 'namespace' ? scope.namespace : repositoryNamespace(scope.repository),
        );
      case 'repository-admin':
        return this.canAdminister(principal, scope);
    }
  }

  private hasGrant(principal: Principal, type: 'namespace' | 'repository', name: string): boolean {
    return principal.access.some(
      (grant) =>
        grant.type === type &&
        grant.name === name &&
        grant.actions.some((action) => ADMIN_ACTIONS.has(action)),
    );
  }
}

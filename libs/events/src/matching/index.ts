export { isScopeAllowedForType, namespaceOf, parseScope, scopeCovers, tagGlobToRegExp } from './scope';
export type { MatchTarget, ScopeAllowance } from './scope';
export { SubscriptionIndex } from './subscription-index';
export type { IndexableSubscription, MatchableEvent } from './subscription-index';

import { Brackets, SelectQueryBuilder } from 'typeorm';
import type { Visibility } from '../auth/access-policy';

/**
 * Limits `query` to the rows `visibility` allows: those whose namespace is among its namespaces or
 * whose repository is among its repositories, each as the SQL condition the table states it
 * (`:...namespaces` and `:...repositories` are bound here). Unchanged for a caller who sees
 * everything; no row for one who sees nothing.
 */
export function whereVisible<T extends object>(
  query: SelectQueryBuilder<T>,
  visibility: Visibility,
  conditions: { namespace: string; repository: string },
): SelectQueryBuilder<T> {
  if (visibility.everything) return query;
  const { namespaces, repositories } = visibility;
  return query.andWhere(
    new Brackets((anyOf) => {
      anyOf.where('false');
      if (namespaces.length > 0) anyOf.orWhere(conditions.namespace, { namespaces });
      if (repositories.length > 0) anyOf.orWhere(conditions.repository, { repositories });
    }),
  );
}

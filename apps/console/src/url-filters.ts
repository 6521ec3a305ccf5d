import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import { href, navigate, useLocation } from './router';

/** How long typing may pause before a filter applies. */
const SETTLE_MS = 300;

/**
 * A list screen's filters and page, kept in the address bar so a reload or a shared link shows the
 * same list. `draft` follows the inputs; `applied` (what to load) catches up once typing pauses.
 */
export function useUrlFilters<const Name extends string>(names: readonly Name[], path: string) {
  const { query } = useLocation();
  const search = query.toString();
  const page = Number(query.get('page') ?? '1') || 1;
  const applied = useMemo(
    () => Object.fromEntries(names.map((name) => [name, query.get(name) ?? ''])) as Record<Name, string>,
    // The query's text says everything about it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [search],
  );
  const [draft, setDraft] = useState(applied);

  useEffect(() => {
    if (names.every((name) => draft[name] === applied[name])) return;
    const timer = setTimeout(() => navigate(href(path, draft), { replace: true }), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [names, draft, applied, path]);

  return {
    page,
    applied,
    /** Whether any filter is set, for "no … match these filters". */
    filtered: names.some((name) => applied[name] !== ''),
    /** value and onChange for the filter's input or select. */
    field: (name: Name) => ({
      value: draft[name],
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
        setDraft((current) => ({ ...current, [name]: event.target.value })),
    }),
    goToPage: (next: number) => navigate(href(path, { ...applied, page: String(next) })),
  };
}

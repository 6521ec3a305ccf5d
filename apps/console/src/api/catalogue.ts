import { useLoad, type Loaded } from './context';
import type { ApiClient } from './client';
import type { CatalogueEntryView, EventFamily } from './types';

let cached: Promise<CatalogueEntryView[]> | undefined;

/** The event-type catalogue, fetched once per page load (it only changes with a release). */
export function useCatalogue(): Loaded<CatalogueEntryView[]> {
  return useLoad((api: ApiClient) => {
    cached ??= api.get<CatalogueEntryView[]>('/event-types').catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  }, []);
}

export const FAMILY_TITLES: Readonly<Record<EventFamily, string>> = {
  artifact: 'Images and manifests',
  chart: 'Helm charts',
  scan: 'Vulnerability scans',
  replication: 'Mirroring and replication',
  quota: 'Quotas',
  repository: 'Repositories',
  system: 'System',
};

/** Catalogue entries grouped by family, in catalogue order. */
export function byFamily(entries: readonly CatalogueEntryView[]): [EventFamily, CatalogueEntryView[]][] {
  const groups = new Map<EventFamily, CatalogueEntryView[]>();
  for (const entry of entries) groups.set(entry.family, [...(groups.get(entry.family) ?? []), entry]);
  return [...groups];
}

/** Where the app serves the JSON Schema of a topic. */
export const schemaHref = (topic: string): string => `/api/v1/schemas/${topic}.json`;

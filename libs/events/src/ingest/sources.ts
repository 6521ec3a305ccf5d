/** Registries whose native notifications the ingest endpoint turns into canonical events. */
export const INGEST_SOURCES = ['distribution', 'harbor', 'acr', 'dockerhub', 'quay'] as const;
export type IngestSource = (typeof INGEST_SOURCES)[number];

export function isIngestSource(name: string): name is IngestSource {
  return (INGEST_SOURCES as readonly string[]).includes(name);
}

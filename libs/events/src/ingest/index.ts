export { adaptNotification } from './adapt';
export { DISTRIBUTION_CONTENT_TYPES } from './distribution.adapter';
export { HARBOR_CLOUD_EVENT_TYPES, HARBOR_EVENT_TYPES } from './harbor.adapter';
export { INGEST_EXAMPLES } from './examples';
export type { IngestExample } from './examples';
export { MAX_NATIVE_BYTES } from './notification';
export type { AdaptedNotification, AdaptResult, IgnoredReason, NativeNotification } from './notification';
export { INGEST_SOURCES, isIngestSource } from './sources';
export type { IngestSource } from './sources';

import { Type, Static } from '@sinclair/typebox';
import { Digest, Name, Namespace, RepositoryPath, Tag, Timestamp } from './common';

const Visibility = Type.Union([Type.Literal('public'), Type.Literal('private')]);

/** TAG_*, MANIFEST_*, PROMOTION. */
export const ArtifactData = Type.Object({
  tags: Type.Optional(
    Type.Array(Tag, { description: 'Every tag on the artifact; target.tag is the one this event is about' }),
  ),
  os: Type.Optional(Type.String({ maxLength: 64 })),
  architecture: Type.Optional(Type.String({ maxLength: 64 })),
  author: Type.Optional(Type.String({ maxLength: 255 })),
  repositoryVisibility: Type.Optional(Visibility),
  repositoryCreatedAt: Type.Optional(Timestamp),
  references: Type.Optional(Type.Array(Digest)),
  /** PROMOTION: where the artifact came from. */
  promotion: Type.Optional(
    Type.Object({
      policy: Type.Optional(Name),
      sourceRepository: RepositoryPath,
      sourceTag: Type.Optional(Tag),
    }),
  ),
});
export type ArtifactData = Static<typeof ArtifactData>;

/** CHART_*: the chart name and version; target.tag is `<version>`. */
export const ChartData = Type.Object({
  chart: Type.Object({ name: Name, version: Type.String({ minLength: 1, maxLength: 128 }) }),
  repositoryVisibility: Type.Optional(Visibility),
});
export type ChartData = Static<typeof ChartData>;

const Count = Type.Integer({ minimum: 0 });
export const Severity = Type.Union(
  ['None', 'Unknown', 'Negligible', 'Low', 'Medium', 'High', 'Critical'].map((s) => Type.Literal(s)),
);

/** SCAN_COMPLETED / SCAN_FAILED. */
export const ScanData = Type.Object({
  reportId: Type.Optional(Type.String({ maxLength: 255 })),
  scanner: Type.Object({ name: Name, vendor: Type.Optional(Name), version: Type.Optional(Name) }),
  status: Type.Union([Type.Literal('completed'), Type.Literal('failed'), Type.Literal('stopped')]),
  startedAt: Type.Optional(Timestamp),
  finishedAt: Type.Optional(Timestamp),
  /** Highest severity found. */
  severity: Type.Optional(Severity),
  summary: Type.Optional(
    Type.Object({
      total: Count,
      fixable: Count,
      critical: Count,
      high: Count,
      medium: Count,
      low: Count,
      negligible: Type.Optional(Count),
      unknown: Type.Optional(Count),
    }),
  ),
  reportUrl: Type.Optional(Type.String({ maxLength: 2048 })),
  /** SCAN_FAILED: why. */
  error: Type.Optional(Type.String({ maxLength: 4096 })),
});
export type ScanData = Static<typeof ScanData>;

const RegistryEndpoint = Type.Object({
  name: Name,
  type: Type.Optional(Type.String({ maxLength: 64, description: 'harbor, docker-hub, ecr, …' })),
  endpoint: Type.String({ maxLength: 2048 }),
  namespace: Type.Optional(Namespace),
  repository: Type.Optional(RepositoryPath),
});
const ReplicatedArtifact = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 64, description: 'image, chart, …' })),
  repository: RepositoryPath,
  tags: Type.Array(Tag),
  digest: Type.Optional(Digest),
  error: Type.Optional(Type.String({ maxLength: 4096 })),
});

/** REPLICATION_COMPLETED, PUSH_MIRRORING, POLL_MIRRORING. */
export const ReplicationData = Type.Object({
  policy: Type.Object({
    id: Type.Optional(Type.String({ maxLength: 255 })),
    name: Name,
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    creator: Type.Optional(Name),
  }),
  executionId: Type.Optional(Type.String({ maxLength: 255 })),
  trigger: Type.Union([Type.Literal('manual'), Type.Literal('scheduled'), Type.Literal('event_based')]),
  status: Type.Union([
    Type.Literal('succeeded'),
    Type.Literal('failed'),
    Type.Literal('partial'),
    Type.Literal('stopped'),
    Type.Literal('in_progress'),
  ]),
  startedAt: Timestamp,
  finishedAt: Type.Optional(Timestamp),
  overrideMode: Type.Optional(Type.Boolean()),
  source: RegistryEndpoint,
  destination: RegistryEndpoint,
  succeeded: Type.Array(ReplicatedArtifact),
  failed: Type.Array(ReplicatedArtifact),
});
export type ReplicationData = Static<typeof ReplicationData>;

const ResourceAmounts = Type.Record(
  Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
  Type.Integer({ minimum: -1 }),
  {
    description: 'Per resource (storage in bytes, count in artifacts); -1 = unlimited',
    additionalProperties: false,
  },
);

/** QUOTA_EXCEEDED / QUOTA_WARNING. */
export const QuotaData = Type.Object({
  hard: ResourceAmounts,
  used: ResourceAmounts,
  /** Usage of the resource closest to its limit, in percent. */
  percentage: Type.Number({ minimum: 0 }),
  /** Warning threshold in percent (Harbor: 85). */
  threshold: Type.Number({ minimum: 0, maximum: 100 }),
  /** The resource the percentage is about. */
  resource: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
  /** The push that crossed the threshold, when there was one. */
  artifact: Type.Optional(
    Type.Object({
      repository: RepositoryPath,
      tag: Type.Optional(Tag),
      digest: Digest,
      size: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
  ),
  message: Type.Optional(Type.String({ maxLength: 4096 })),
});
export type QuotaData = Static<typeof QuotaData>;

/** REPO_CREATED / REPO_UPDATED / REPO_DELETED. */
export const RepositoryData = Type.Object({
  visibility: Type.Optional(Visibility),
  description: Type.Optional(Type.String({ maxLength: 4096 })),
  /** REPO_UPDATED: the fields that changed. */
  changed: Type.Optional(Type.Array(Type.String({ maxLength: 64 }))),
  scanOnPush: Type.Optional(Type.Boolean()),
  immutableTags: Type.Optional(Type.Boolean()),
});
export type RepositoryData = Static<typeof RepositoryData>;

/** SCANNER_UPDATE_COMPLETED (DTR). */
export const SystemData = Type.Object({
  scannerVersion: Type.String({ maxLength: 64 }),
  scannerUpdatedAt: Timestamp,
  dbVersion: Type.String({ maxLength: 64 }),
  dbUpdatedAt: Timestamp,
  success: Type.Boolean(),
  replicas: Type.Optional(
    Type.Record(
      Type.String(),
      Type.Object({ replicaId: Type.String(), version: Type.String(), dbUpdatedAt: Timestamp }),
    ),
  ),
});
export type SystemData = Static<typeof SystemData>;

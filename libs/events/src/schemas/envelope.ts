import { Static, TObject, TOptional, TPartial, TSchema, Type } from '@sinclair/typebox';
import { EVENT_TYPE_INFO, EventType } from '../event-types';
import { EventFamily } from '../topics';
import { Actor, Name, RequestInfo, Target, Timestamp } from './common';
import {
  ArtifactData,
  ChartData,
  QuotaData,
  ReplicationData,
  RepositoryData,
  ScanData,
  SystemData,
} from './families';

export const FAMILY_DATA = {
  artifact: ArtifactData,
  chart: ChartData,
  scan: ScanData,
  replication: ReplicationData,
  quota: QuotaData,
  repository: RepositoryData,
  system: SystemData,
} satisfies Record<EventFamily, TSchema>;

export function typesOf(family: EventFamily): EventType[] {
  return Object.values(EVENT_TYPE_INFO)
    .filter((info) => info.family === family)
    .map((info) => info.type);
}

/**
 * The canonical event of one family, as registries put it on `registry.<family>.v1`.
 * `type` must be a canonical name of the family; aliases are resolved before validation.
 */
export function envelopeSchema<F extends EventFamily>(family: F) {
  return Type.Object(
    {
      specversion: Type.Literal('1'),
      id: Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' }),
      type: Type.Union(typesOf(family).map((t) => Type.Literal(t))),
      occurredAt: Timestamp,
      source: Type.String({ minLength: 1, maxLength: 255, description: 'The registry host' }),
      actor: Type.Optional(Actor),
      // The cast keeps the optionality in the static type (a conditional expression loses it).
      target: (family === 'system' ? Type.Optional(Type.Partial(Target)) : Target) as F extends 'system'
        ? TOptional<TPartial<typeof Target>>
        : typeof Target,
      request: Type.Optional(RequestInfo),
      data: FAMILY_DATA[family] as (typeof FAMILY_DATA)[F],
    },
    {
      $id: `https://registry-webhooks.dev/schemas/registry.${family}.v1.json`,
      title: `registry.${family}.v1 event`,
      additionalProperties: false,
    },
  );
}

export const ENVELOPE_SCHEMAS = {
  artifact: envelopeSchema('artifact'),
  chart: envelopeSchema('chart'),
  scan: envelopeSchema('scan'),
  replication: envelopeSchema('replication'),
  quota: envelopeSchema('quota'),
  repository: envelopeSchema('repository'),
  system: envelopeSchema('system'),
} satisfies Record<EventFamily, TObject>;

type EventOf<F extends EventFamily> = Static<(typeof ENVELOPE_SCHEMAS)[F]>;
export type ArtifactEvent = EventOf<'artifact'>;
export type ChartEvent = EventOf<'chart'>;
export type ScanEvent = EventOf<'scan'>;
export type ReplicationEvent = EventOf<'replication'>;
export type QuotaEvent = EventOf<'quota'>;
export type RepositoryEvent = EventOf<'repository'>;
export type SystemEvent = EventOf<'system'>;

/** Any valid canonical event; narrow on `type` (or on the family via EVENT_TYPE_INFO). */
export type CanonicalEvent =
  ArtifactEvent | ChartEvent | ScanEvent | ReplicationEvent | QuotaEvent | RepositoryEvent | SystemEvent;

export { Name };

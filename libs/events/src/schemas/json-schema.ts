import { TSchema } from '@sinclair/typebox';
import { EVENT_TYPE_INFO, EventType } from '../event-types';
import { AttemptRecord, DeadLetterRecord, DeliveryRecord, SubscriptionRecord } from '../internal';
import { EventFamily, FAMILIES, INBOUND_TOPICS, INTERNAL_TOPICS } from '../topics';
import { ENVELOPE_SCHEMAS, typesOf } from './envelope';
import { TYPE_REQUIREMENTS } from './type-requirements';

/**
 * The JSON Schema (draft 2020-12) files in libs/events/schemas, built from the TypeBox schemas the
 * validator compiles, so producers in other languages check what our consumers check (as far as
 * JSON Schema can express it; see libs/events/README.md).
 */

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
export const JSON_SCHEMA_BASE_URI = 'https://registry-webhooks.dev/schemas/';

type JsonObject = Record<string, unknown>;

export interface JsonSchemaFile {
  fileName: string;
  schema: JsonObject;
}

/** Plain JSON of a TypeBox schema (its symbol-keyed TypeBox metadata dropped). */
function plain(schema: TSchema): JsonObject {
  return JSON.parse(JSON.stringify(schema)) as JsonObject;
}

function namesOf(type: EventType): string[] {
  return [type, ...EVENT_TYPE_INFO[type].aliases];
}

/** `if type is T (or an alias) then …required…` for each type with requirements beyond its family schema. */
function typeRules(family: EventFamily): JsonObject[] {
  return typesOf(family).flatMap((type) => {
    const { target, data } = TYPE_REQUIREMENTS[type];
    const then: JsonObject = {};
    // `type` keywords are redundant here but keep strict validators (ajv strictTypes) quiet.
    if (target.length > 0) then.target = { type: 'object', required: [...target] };
    if (data.length > 0) then.data = { type: 'object', required: [...data] };
    if (Object.keys(then).length === 0) return [];
    return [
      {
        if: {
          type: 'object',
          properties: { type: { type: 'string', enum: namesOf(type) } },
          required: ['type'],
        },
        then: { type: 'object', properties: then },
      },
    ];
  });
}

function envelopeFile(family: EventFamily): JsonSchemaFile {
  const { $id, title, ...body } = plain(ENVELOPE_SCHEMAS[family]);
  const properties = body.properties as JsonObject;
  const rules = typeRules(family);
  return {
    fileName: `${INBOUND_TOPICS[family]}.json`,
    schema: {
      $schema: JSON_SCHEMA_DIALECT,
      $id,
      title,
      description: `Value of a record on ${INBOUND_TOPICS[family]}: a canonical ${family} event.`,
      ...body,
      properties: {
        ...properties,
        type: {
          type: 'string',
          description: 'Event type: a catalogue name or one of its aliases (consumers resolve aliases)',
          enum: typesOf(family).flatMap(namesOf),
        },
      },
      ...(rules.length > 0 ? { allOf: rules } : {}),
    },
  };
}

const EVENT_REFERENCE = {
  description: 'A canonical event; valid against the schema of its family',
  anyOf: FAMILIES.map((family) => ({ $ref: `${INBOUND_TOPICS[family]}.json` })),
};

/** Properties of internal records that hold a record described by another file, and that file. */
const REFERENCED_PROPERTIES: JsonObject = {
  event: EVENT_REFERENCE,
  delivery: { $ref: `${INTERNAL_TOPICS.deliveries}.json` },
};

function internalFile(topic: string, title: string, schema: TSchema): JsonSchemaFile {
  const body = plain(schema);
  const properties = body.properties as JsonObject;
  const referenced = Object.keys(properties).filter((name) => name in REFERENCED_PROPERTIES);
  return {
    fileName: `${topic}.json`,
    schema: {
      $schema: JSON_SCHEMA_DIALECT,
      $id: `${JSON_SCHEMA_BASE_URI}${topic}.json`,
      title,
      ...body,
      properties: {
        ...properties,
        ...Object.fromEntries(referenced.map((name) => [name, REFERENCED_PROPERTIES[name]])),
      },
    },
  };
}

export function jsonSchemaFiles(): JsonSchemaFile[] {
  return [
    ...FAMILIES.map(envelopeFile),
    internalFile(
      INTERNAL_TOPICS.subscriptions,
      `${INTERNAL_TOPICS.subscriptions} record`,
      SubscriptionRecord,
    ),
    internalFile(INTERNAL_TOPICS.deliveries, `${INTERNAL_TOPICS.deliveries} record`, DeliveryRecord),
    internalFile(INTERNAL_TOPICS.attempts, `${INTERNAL_TOPICS.attempts} record`, AttemptRecord),
    internalFile(INTERNAL_TOPICS.deadLetter, `${INTERNAL_TOPICS.deadLetter} record`, DeadLetterRecord),
  ];
}

/** The file's text: two-space indentation and a trailing newline. */
export function renderJsonSchema(file: JsonSchemaFile): string {
  return `${JSON.stringify(file.schema, null, 2)}\n`;
}

import { Value } from '@sinclair/typebox/value';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_CATALOGUE, exampleEvent } from '../catalogue';
import { INBOUND_TOPICS, INTERNAL_TOPICS } from '../topics';
import '../validation';
import { ENVELOPE_SCHEMAS } from './envelope';
import { JSON_SCHEMA_DIALECT, jsonSchemaFiles, renderJsonSchema } from './json-schema';

const SCHEMA_DIR = join(__dirname, '..', '..', 'schemas');
const FILES = jsonSchemaFiles();
const fileFor = (topic: string) => FILES.find((file) => file.fileName === `${topic}.json`)!;

interface TypeRule {
  if: { properties: { type: { enum: string[] } } };
  then: { properties: Record<string, { required: string[] }> };
}

/**
 * The files' `allOf: [{if: type in …, then: {properties: {target|data: {required}}}}]` clauses,
 * evaluated by hand: ajv is not a dependency, and TypeBox's Value.Check ignores if/then.
 */
function ruleViolations(schema: Record<string, unknown>, event: Record<string, any>): string[] {
  const rules = (schema.allOf ?? []) as TypeRule[];
  return rules
    .filter((rule) => rule.if.properties.type.enum.includes(event.type))
    .flatMap((rule) =>
      Object.entries(rule.then.properties).flatMap(([property, { required }]) =>
        required.filter((key) => event[property]?.[key] === undefined).map((key) => `/${property}/${key}`),
      ),
    );
}

describe('JSON Schema files (libs/events/schemas)', () => {
  it('are exactly what `npm run schemas` writes now (run it after changing a schema)', () => {
    const onDisk = readdirSync(SCHEMA_DIR)
      .filter((name) => name.endsWith('.json'))
      .sort();
    expect(onDisk).toEqual(FILES.map((file) => file.fileName).sort());
    for (const file of FILES) {
      expect(readFileSync(join(SCHEMA_DIR, file.fileName), 'utf8')).toBe(renderJsonSchema(file));
    }
  });

  it('cover every inbound topic and the four internal record topics', () => {
    const topics = [
      ...Object.values(INBOUND_TOPICS),
      INTERNAL_TOPICS.subscriptions,
      INTERNAL_TOPICS.deliveries,
      INTERNAL_TOPICS.attempts,
      INTERNAL_TOPICS.deadLetter,
    ];
    expect(FILES.map((file) => file.fileName).sort()).toEqual(topics.map((topic) => `${topic}.json`).sort());
  });

  it.each(FILES.map((file) => [file.fileName, file] as const))(
    '%s is draft 2020-12 with $id and title, 2-space JSON',
    (fileName, file) => {
      expect(file.schema).toMatchObject({
        $schema: JSON_SCHEMA_DIALECT,
        $id: `https://registry-webhooks.dev/schemas/${fileName}`,
      });
      expect(typeof file.schema.title).toBe('string');
      expect(Object.keys(file.schema).slice(0, 3)).toEqual(['$schema', '$id', 'title']);
      const text = renderJsonSchema(file);
      expect(text.endsWith('}\n')).toBe(true);
      expect(text.split('\n')[1]).toMatch(/^ {2}"\$schema"/);
    },
  );

  // Value.Check runs on the TypeBox schema objects the files are rendered from.
  it.each(EVENT_CATALOGUE.map((entry) => [entry.type, entry] as const))(
    'the %s example passes its family schema and type rules',
    (_type, entry) => {
      expect(Value.Check(ENVELOPE_SCHEMAS[entry.family], entry.example)).toBe(true);
      expect(ruleViolations(fileFor(entry.topic).schema, entry.example)).toEqual([]);
    },
  );

  it('state the per-type requirements, for aliases too', () => {
    const artifact = fileFor(INBOUND_TOPICS.artifact).schema;
    const tagless = { ...exampleEvent('TAG_PUSH'), target: { namespace: 'library' } };
    expect(ruleViolations(artifact, tagless)).toEqual(['/target/repository', '/target/tag']);
    expect(ruleViolations(artifact, { ...tagless, type: 'push' })).toEqual([
      '/target/repository',
      '/target/tag',
    ]);
    expect(ruleViolations(artifact, { ...tagless, type: 'PUSH_ARTIFACT' })).toEqual([
      '/target/repository',
      '/target/digest',
    ]);
    expect(ruleViolations(artifact, { ...tagless, type: 'MANIFEST_PULL' })).toEqual(['/target/repository']);
    const scanFailed: any = exampleEvent('SCAN_FAILED');
    delete scanFailed.data.error;
    expect(
      ruleViolations(fileFor(INBOUND_TOPICS.scan).schema, { ...scanFailed, type: 'SCANNING_FAILED' }),
    ).toEqual(['/data/error']);
    expect(fileFor(INBOUND_TOPICS.quota).schema.allOf).toBeUndefined();
  });

  it('accept aliases in type, as our consumers do', () => {
    const type = (fileFor(INBOUND_TOPICS.artifact).schema.properties as any).type;
    expect(type.enum).toEqual(expect.arrayContaining(['TAG_PUSH', 'push', 'PUSH_ARTIFACT', 'delete']));
    expect(type.enum).not.toContain('CHART_PUSH');
  });

  it('point delivery and attempt events at the inbound event schemas', () => {
    for (const topic of [INTERNAL_TOPICS.deliveries, INTERNAL_TOPICS.attempts]) {
      const event = (fileFor(topic).schema.properties as any).event;
      expect(event.anyOf.map((ref: { $ref: string }) => ref.$ref).sort()).toEqual(
        Object.values(INBOUND_TOPICS)
          .map((t) => `${t}.json`)
          .sort(),
      );
    }
  });

  it("point the dead letter's delivery at the delivery record schema", () => {
    const delivery = (fileFor(INTERNAL_TOPICS.deadLetter).schema.properties as any).delivery;
    expect(delivery).toEqual({ $ref: `${INTERNAL_TOPICS.deliveries}.json` });
  });
});

describe('libs/events/README.md', () => {
  it('has the event-type table as the catalogue says', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const entry of EVENT_CATALOGUE) {
      const aliases = entry.aliases.map((alias) => `\`${alias}\``).join(', ');
      const row = `| ${entry.type} | ${entry.family} | \`${entry.topic}\` | ${entry.scope} | ${entry.access} | ${entry.availability} | ${aliases} |`;
      expect(readme).toContain(row);
    }
  });
});

import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_CATALOGUE, exampleEvent } from '../catalogue';

/**
 * The checked-in JSON Schema files, read by a standard draft 2020-12 validator (ajv), as a registry
 * written in another language would read them.
 */
const SCHEMA_DIR = join(__dirname, '..', '..', 'schemas');
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
for (const file of readdirSync(SCHEMA_DIR)) {
  ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')), file);
}
const validatorFor = (topic: string) => {
  const validate = ajv.getSchema(`${topic}.json`);
  if (!validate) throw new Error(`no schema file for ${topic}`);
  return validate;
};

describe('JSON Schema files', () => {
  it.each(EVENT_CATALOGUE.map((entry) => [entry.type, entry.topic] as const))(
    'the %s example is valid against %s.json',
    (type, topic) => {
      const validate = validatorFor(topic);
      expect(validate(exampleEvent(type))).toBe(true);
    },
  );

  it('rejects events that break the per-type rules', () => {
    const validate = validatorFor('registry.artifact.v1');
    const withoutTag = exampleEvent('TAG_PUSH') as { target: { tag?: string } };
    delete withoutTag.target.tag;
    expect(validate(withoutTag)).toBe(false);

    const wrongFamily = { ...exampleEvent('TAG_PUSH'), type: 'QUOTA_EXCEEDED' };
    expect(validate(wrongFamily)).toBe(false);

    const extraField = { ...exampleEvent('TAG_PUSH'), unexpected: true };
    expect(validate(extraField)).toBe(false);

    const badTime = { ...exampleEvent('TAG_PUSH'), occurredAt: 'yesterday' };
    expect(validate(badTime)).toBe(false);
  });

  it('accepts Harbor aliases in type, as the dispatcher does', () => {
    const validate = validatorFor('registry.artifact.v1');
    expect(validate({ ...exampleEvent('MANIFEST_PUSH'), type: 'PUSH_ARTIFACT' })).toBe(true);
  });

  it('validates delivery records with the event schema they reference', () => {
    const validate = validatorFor('webhooks.deliveries.v1');
    const record = {
      deliveryId: '01JDELIVERY',
      subscriptionId: 'sub-1',
      kind: 'event',
      event: exampleEvent('SCAN_COMPLETED'),
      attempt: 1,
      createdAt: '2026-11-22T10:00:00.000Z',
    };
    expect(validate(record)).toBe(true);
    expect(validate({ ...record, event: { type: 'SCAN_COMPLETED' } })).toBe(false);
  });
});

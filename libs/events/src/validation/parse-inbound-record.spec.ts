import fc from 'fast-check';
import { EVENT_CATALOGUE, exampleEvent } from '../catalogue';
import { FAMILIES } from '../topics';
import { parseInboundRecord, validateEvent } from './validate-event';

const root = (message: string | RegExp) => ({
  ok: false,
  errors: [{ path: '', message: expect.stringMatching(message) }],
});

describe('parseInboundRecord', () => {
  it.each(EVENT_CATALOGUE.map((entry) => [entry.type, entry] as const))(
    'accepts the %s example as bytes and as text',
    (_type, entry) => {
      const text = JSON.stringify(entry.example);
      expect(parseInboundRecord(Buffer.from(text), entry.family)).toEqual({ ok: true, value: entry.example });
      expect(parseInboundRecord(text, entry.family)).toEqual({ ok: true, value: entry.example });
    },
  );

  it('resolves an alias and checks the topic family', () => {
    const harbor = Buffer.from(JSON.stringify({ ...exampleEvent('MANIFEST_PUSH'), type: 'PUSH_ARTIFACT' }));
    const result = parseInboundRecord(harbor, 'artifact');
    expect(result.ok && result.value.type).toBe('MANIFEST_PUSH');
    expect(parseInboundRecord(harbor, 'quota')).toMatchObject({ ok: false, errors: [{ path: '/type' }] });
  });

  it.each<[string, Buffer | string | null, RegExp]>([
    ['a null value (tombstone)', null, /empty/],
    ['zero bytes', Buffer.alloc(0), /empty/],
    ['an empty string', '', /empty/],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), /not valid UTF-8/],
    ['a truncated multi-byte character', Buffer.from([0x22, 0xe2, 0x82]), /not valid UTF-8/],
    ['text that is not JSON', 'type=TAG_PUSH', /not valid JSON/],
    ['truncated JSON', '{"type":"TAG_PUSH",', /not valid JSON/],
    ['a JSON array', '[{"type":"TAG_PUSH"}]', /must be a JSON object, not an array/],
    ['a JSON string', '"TAG_PUSH"', /not a string/],
    ['a JSON number', '42', /not a number/],
    ['JSON null', 'null', /not null/],
  ])('rejects %s with one clear root issue', (_name, bytes, message) => {
    expect(parseInboundRecord(bytes, 'artifact')).toEqual(root(message));
  });

  it('rejects a record over the size limit before parsing it', () => {
    const text = JSON.stringify(exampleEvent('TAG_PUSH'));
    expect(parseInboundRecord(Buffer.from(text), 'artifact', 100)).toEqual(
      root(`is ${Buffer.byteLength(text)} bytes, larger than the limit of 100`),
    );
    // Counted in bytes, not characters: 400 three-byte characters are 1200 bytes.
    expect(parseInboundRecord(`"${'€'.repeat(400)}"`, 'artifact', 1000)).toEqual(root(/1202 bytes/));
    expect(parseInboundRecord(Buffer.alloc(1_048_577, 0x20), 'artifact')).toEqual(
      root(/larger than the limit of 1048576/),
    );
  });

  it('accepts a UTF-8 byte order mark', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify(exampleEvent('REPO_CREATED'))),
    ]);
    expect(parseInboundRecord(bytes, 'repository').ok).toBe(true);
  });

  it('never throws on arbitrary bytes, and reports at least one issue', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...FAMILIES), (bytes, family) => {
        const result = parseInboundRecord(Buffer.from(bytes), family);
        return result.ok || result.errors.length > 0;
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary JSON text', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), fc.constantFrom(...FAMILIES), (text, family) => {
        const result = parseInboundRecord(text, family);
        return (
          result.ok ||
          result.errors.every((issue) => typeof issue.path === 'string' && issue.message.length > 0)
        );
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on examples with a field replaced by arbitrary JSON', () => {
    const paths = (value: unknown, prefix: string[] = []): string[][] =>
      typeof value === 'object' && value !== null
        ? Object.entries(value).flatMap(([key, child]) => [
            [...prefix, key],
            ...paths(child, [...prefix, key]),
          ])
        : [];
    const candidates = EVENT_CATALOGUE.flatMap((entry) =>
      paths(entry.example).map((path) => [entry, path] as const),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...candidates),
        fc.jsonValue({ maxDepth: 3 }),
        ([entry, path], replacement) => {
          const event: any = structuredClone(entry.example);
          let parent = event;
          for (const key of path.slice(0, -1)) parent = parent[key];
          parent[path[path.length - 1]] = replacement;
          const viaBytes = parseInboundRecord(Buffer.from(JSON.stringify(event)), entry.family);
          const direct = validateEvent(JSON.parse(JSON.stringify(event)), { family: entry.family });
          return viaBytes.ok === direct.ok;
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('validateEvent never throws on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 3 }), (value) => {
        validateEvent(value);
        return true;
      }),
      { numRuns: 500 },
    );
  });
});

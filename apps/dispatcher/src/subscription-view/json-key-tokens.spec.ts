import { SubscriptionRecord } from '@app/events';
import fc from 'fast-check';
import { subscription } from '../testing/fixtures';
import { JsonKeyTokens, propertyNamesOf } from './json-key-tokens';

const NAMES = propertyNamesOf(SubscriptionRecord);
const tokens = new JsonKeyTokens(NAMES);

describe('propertyNamesOf', () => {
  it('collects the names of nested objects, union members and array items', () => {
    expect([...NAMES]).toEqual(
      expect.arrayContaining([
        'id',
        'scope',
        'namespace',
        'repository',
        'tag',
        'verifyTls',
        'secret',
        'scheduleMs',
      ]),
    );
    // All of a subscription record's names fit the 29 one-character tokens.
    expect(NAMES.size).toBeLessThanOrEqual(29);
  });
});

describe('JsonKeyTokens', () => {
  it('shortens a subscription record by a third and restores it exactly', () => {
    const json = JSON.stringify(subscription());
    const compacted = tokens.compact(json);
    expect(compacted.length).toBeLessThan(json.length * 0.7);
    expect(compacted).not.toContain('"revision":');
    expect(tokens.expand(compacted)).toBe(json);
  });

  it('restores names that occur inside strings, escaped quotes, unknown keys and whitespace', () => {
    const json = `{ "name" : "\\"id\\": x", "x\\"id":"v", "other":"\\u0001", "events":["é", "😀"],\n"id":"s"}`;
    expect(tokens.compact(json)).toContain('"name" :');
    expect(tokens.expand(tokens.compact(json))).toBe(json);
  });

  it('restores any JSON text (property)', () => {
    const key = fc.oneof(fc.constantFrom(...NAMES), fc.string());
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.dictionary(key, tie('node'), { maxKeys: 5 }),
        fc.array(tie('node'), { maxLength: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.boolean(), (json, pretty) => {
        const text = JSON.stringify(json, null, pretty ? 2 : undefined) ?? 'null';
        expect(tokens.expand(tokens.compact(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves names beyond the available characters as they are', () => {
    const many = new JsonKeyTokens(Array.from({ length: 40 }, (_, i) => `k${i}`));
    const json = JSON.stringify({ k0: 1, k28: 2, k29: 3, k39: 4 });
    const [first, last] = [String.fromCharCode(0), String.fromCharCode(31)];
    expect(many.compact(json)).toBe(`{${first}1,${last}2,"k29":3,"k39":4}`);
    expect(many.expand(many.compact(json))).toBe(json);
  });
});

import { TSchema, TypeGuard } from '@sinclair/typebox';

/**
 * Control characters that never occur in JSON text: inside strings they must be escaped, and
 * between tokens only space, tab, line feed and carriage return are allowed.
 */
const TOKENS = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)).filter(
  (char) => !'\t\n\r'.includes(char),
);
const ANY_TOKEN = new RegExp(`[${TOKENS.join('')}]`, 'g');

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every property name a schema declares, nested objects, unions and arrays included. */
export function propertyNamesOf(schema: TSchema, into = new Set<string>()): Set<string> {
  if (TypeGuard.IsObject(schema)) {
    for (const [name, property] of Object.entries(schema.properties)) {
      into.add(name);
      propertyNamesOf(property, into);
    }
  } else if (TypeGuard.IsUnion(schema)) {
    for (const member of schema.anyOf) propertyNamesOf(member, into);
  } else if (TypeGuard.IsArray(schema)) {
    propertyNamesOf(schema.items, into);
  }
  return into;
}

/**
 * Shortens JSON text by writing each known property name, with its quotes and colon (`"name":`),
 * as one control character; `expand` restores the exact text. The keys are a third of a
 * subscription record. Names beyond the 29 available characters stay as they are.
 */
export class JsonKeyTokens {
  private readonly keyPattern: RegExp;
  private readonly tokenOfKey = new Map<string, string>();
  /** By the token's character code. */
  private readonly keyOfToken: string[] = [];

  constructor(names: Iterable<string>) {
    const keys = [...names].slice(0, TOKENS.length).map((name) => JSON.stringify(name) + ':');
    keys.forEach((key, i) => {
      this.tokenOfKey.set(key, TOKENS[i]);
      this.keyOfToken[TOKENS[i].charCodeAt(0)] = key;
    });
    this.keyPattern = new RegExp(keys.map(escapeRegExp).join('|'), 'g');
  }

  /** `json` must be JSON text (as JSON.parse accepts it): other text may hold the control characters. */
  compact(json: string): string {
    return json.replace(this.keyPattern, (key) => this.tokenOfKey.get(key)!);
  }

  expand(compacted: string): string {
    return compacted.replace(ANY_TOKEN, (token) => this.keyOfToken[token.charCodeAt(0)]);
  }
}

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES } from '@app/events';
import { VARIANTS, type Variant } from './__fixtures__/fixtures';
import { formatCase, GOLDEN_CASES, type GoldenCase } from './__fixtures__/goldens';
import { NAMING_FORMATS, PING_NAMES, TYPE_NAMES } from './type-names';

/**
 * The README's type-name table and example bodies are generated from the code: this spec fails
 * when they drift, and `UPDATE_GOLDENS=1` rewrites them.
 */

const README = join(__dirname, '..', 'README.md');
const TABLE = /<!-- type-names:start -->\n[\s\S]*?<!-- type-names:end -->/;
const EXAMPLE = /<!-- example: (\S+) (\S+) -->\n```json\n[\s\S]*?```/g;

const code = (name: string) => `\`${name}\``;

function typeNameTable(): string {
  const rows = [
    [
      'our type',
      ...NAMING_FORMATS.map((format) => (format === 'cloudevents' ? '`cloudevents` type' : code(format))),
    ],
    NAMING_FORMATS.map(() => '---').concat('---'),
    ...EVENT_TYPES.map((type) => [
      code(type),
      ...NAMING_FORMATS.map((format) => TYPE_NAMES[type][format] ?? type).map((name, i) =>
        TYPE_NAMES[type][NAMING_FORMATS[i]] === null ? `(${code(name)})` : code(name),
      ),
    ]),
    [
      `ping (\`default\`: ${code(PING_NAMES.default)})`,
      ...NAMING_FORMATS.map((format) => code(PING_NAMES[format])),
    ],
  ];
  return [
    '<!-- type-names:start -->',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '<!-- type-names:end -->',
  ].join('\n');
}

function example(variant: string, name: string): string {
  if (
    !(VARIANTS as readonly string[]).includes(variant) ||
    !(GOLDEN_CASES as readonly string[]).includes(name)
  ) {
    throw new Error(`README example of unknown variant or case: ${variant} ${name}`);
  }
  const { headers, body } = formatCase(variant as Variant, name as GoldenCase);
  const json = JSON.stringify({ headers, body: JSON.parse(body) as unknown }, null, 2);
  return `<!-- example: ${variant} ${name} -->\n\`\`\`json\n${json}\n\`\`\``;
}

function regenerate(readme: string): string {
  return readme
    .replace(TABLE, typeNameTable())
    .replace(EXAMPLE, (_match, variant: string, name: string) => example(variant, name));
}

describe('README.md', () => {
  const readme = readFileSync(README, 'utf8');
  if (process.env.UPDATE_GOLDENS === '1') writeFileSync(README, regenerate(readme));
  const current = readFileSync(README, 'utf8');

  it('has the type-name table of TYPE_NAMES and PING_NAMES', () => {
    expect(current.match(TABLE)?.[0]).toBe(typeNameTable());
  });

  it('shows current example bodies, one for every format and channel', () => {
    const shown = [...current.matchAll(EXAMPLE)].map((match) => match[1]);
    expect(new Set(shown)).toEqual(new Set(VARIANTS));
    expect(current).toBe(regenerate(current));
  });
});

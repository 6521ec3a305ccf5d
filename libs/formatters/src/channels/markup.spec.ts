import fc from 'fast-check';
import {
  discordIssues,
  oneLine,
  slackIssues,
  teamsIssues,
  unescapeBackslashes,
  unescapeSlack,
} from '../__fixtures__/channel-checks';
import {
  ELLIPSIS,
  escapeDiscord,
  escapeDiscordJsonWithin,
  escapeSlack,
  escapeTeams,
  escapeTeamsJsonWithin,
  escapeWithin,
  plain,
  type Escape,
} from './markup';
import { jsonChars } from './json-text';

/** Strings rich in every channel's markup characters, emoji and line breaks; no zero-width spaces of their own. */
const markupText = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.string({ unit: fc.constantFrom(...'*_~`<>&@[]()#|\\{}!:-+.1 \nab😀'), maxLength: 200 }),
    fc
      .array(
        fc.constantFrom(
          '*bold*',
          '_it_',
          '<!channel>',
          '@here',
          '@everyone',
          '{{DATE(x)}}',
          '1. x',
          '# h',
          'my_tag',
          'a@b.c',
          '\n',
        ),
        { maxLength: 10 },
      )
      .map((parts) => parts.join('')),
  )
  .filter((text) => !text.includes('\u200B'));

const CHANNELS: [string, Escape, (text: string) => string[], (text: string) => string][] = [
  ['slack', escapeSlack, slackIssues, unescapeSlack],
  ['teams', escapeTeams, teamsIssues, unescapeBackslashes],
  ['discord', escapeDiscord, discordIssues, unescapeBackslashes],
];

describe.each(CHANNELS)('%s escaping', (_name, escape, issues, unescape) => {
  it('leaves nothing live and loses nothing but line breaks', () => {
    fc.assert(
      fc.property(markupText, (text) => {
        const escaped = escape(text);
        expect(issues(escaped)).toEqual([]);
        expect(unescape(escaped)).toBe(oneLine(text));
      }),
      { numRuns: 500 },
    );
  });

  it('cuts within the limit with an ellipsis, leaving an escaped prefix', () => {
    fc.assert(
      fc.property(markupText, fc.integer({ min: 2, max: 120 }), (text, limit) => {
        const cut = escapeWithin(text, limit, escape);
        expect(cut.length).toBeLessThanOrEqual(limit);
        expect(issues(cut)).toEqual([]);
        if (cut === escape(text)) return;
        expect(cut.endsWith(ELLIPSIS)).toBe(true);
        expect(oneLine(text).startsWith(unescape(cut.slice(0, -ELLIPSIS.length)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('escapeSlack', () => {
  it.each([
    ['a & b <c>', 'a &amp; b &lt;c&gt;'],
    ['<!channel> hi', '&lt;!channel&gt; hi'],
    ['*bold*', '\u200B*\u200Bbold\u200B*\u200B'],
    ['`x`', '\u200B`\u200Bx\u200B`\u200B'],
    ['@here', '@\u200Bhere'],
    ['my_tag_v2', 'my_tag_v2'],
    ['alice@example.com', 'alice@example.com'],
  ])('%j → %j', (input, output) => expect(escapeSlack(input)).toBe(output));
});

describe('escapeTeams', () => {
  it.each([
    ['**bold** [x](https://e)', '\\*\\*bold\\*\\* \\[x\\](https://e)'],
    ['- item', '\\- item'],
    ['1. first', '1\\. first'],
    ['{{DATE(2017-02-14T06:08:39Z, SHORT)}}', '{\u200B{DATE(2017-02-14T06:08:39Z, SHORT)}}'],
    ['my_tag 2.4.1', 'my_tag 2.4.1'],
  ])('%j → %j', (input, output) => expect(escapeTeams(input)).toBe(output));
});

describe('escapeDiscord', () => {
  it.each([
    ['**bold** ||spoiler||', '\\*\\*bold\\*\\* \\|\\|spoiler\\|\\|'],
    ['@everyone look', '@\u200Beveryone look'],
    ['<@123>', '\\<@123\\>'],
    ['1. first', '1\\. first'],
  ])('%j → %j', (input, output) => expect(escapeDiscord(input)).toBe(output));
});

describe('escapeDiscordJsonWithin', () => {
  const twoSteps = (text: string, limit: number): string =>
    jsonChars(escapeWithin(text, limit, escapeDiscord));
  /** markupText's characters and what else JSON, line breaks and a leading `1.` treat specially. */
  const jsonText = fc.oneof(
    markupText,
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({
      unit: fc.constantFrom(
        ...'*_~`|<>#-[]()@\\". 1\t\r\n\u0000\u007f\u2028\u00a0\u3000\ufeffaEhR',
        '\ud800',
        '\udc00',
        '😀',
        'everyone',
        'HERE',
        '12. ',
      ),
      maxLength: 300,
    }),
  );

  it('writes what JSON-escaping escapeWithin(…, escapeDiscord) writes', () => {
    fc.assert(
      fc.property(jsonText, fc.integer({ min: 2, max: 600 }), (text, limit) => {
        expect(escapeDiscordJsonWithin(text, limit)).toBe(twoSteps(text, limit));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees for every UTF-16 code unit, alone, after a leading `1.` and after `@`', () => {
    const differing: string[] = [];
    for (let code = 0; code <= 0xffff; code += 1) {
      const char = String.fromCharCode(code);
      for (const text of [char, `1.${char}x`, ` 1.${char}`, `@${char}`, `x${char}y`]) {
        if (escapeDiscordJsonWithin(text, 100) !== twoSteps(text, 100)) differing.push(JSON.stringify(text));
      }
    }
    expect(differing).toEqual([]);
  });

  it.each([
    ['2026-11-22T10:00:00.123Z', String.raw`2026\\-11\\-22T10:00:00.123Z`],
    ['TAG_PUSH', String.raw`TAG\\_PUSH`],
    ['a\\b "c"', String.raw`a\\\\b \"c\"`],
    ['@Everyone 1. x', '@\u200BEveryone 1. x'],
    [' 1. first', String.raw` 1\\. first`],
    ['a\r\n\tb', 'a b'],
    ['\ud83d\ude00 \ud800', String.raw`😀 \ud800`],
    ['plain text', 'plain text'],
  ])('%j → %j', (input, output) => expect(escapeDiscordJsonWithin(input, 100)).toBe(output));

  it('cuts as escapeWithin does once the escaped text is over the limit', () => {
    expect(escapeDiscordJsonWithin('a-b-c', 8)).toBe(String.raw`a\\-b\\-c`);
    expect(escapeDiscordJsonWithin('a-b-c-', 8)).toBe(String.raw`a\\-b\\-…`);
  });
});

describe('escapeTeamsJsonWithin', () => {
  it('writes what JSON-escaping escapeWithin(…, escapeTeams) writes', () => {
    const text = fc.oneof(
      markupText,
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({
        unit: fc.constantFrom(...'*_~`{}[]#>+-\\". 1\t\n\u0000abc', '\ud800', '😀'),
        maxLength: 100,
      }),
    );
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 300 }), (input, limit) => {
        expect(escapeTeamsJsonWithin(input, limit)).toBe(jsonChars(escapeWithin(input, limit, escapeTeams)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('escapeWithin', () => {
  it('returns short text unchanged', () => expect(escapeWithin('short', 10, plain)).toBe('short'));

  it('makes one line of plain text', () =>
    expect(escapeWithin('a\r\nb\u2028c\u0000', 10, plain)).toBe('a b c '));

  it('never splits a surrogate pair', () => {
    expect(escapeWithin('ab😀cd', 4, plain)).toBe('ab…');
    expect(escapeWithin('😀😀😀', 4, plain)).toBe('😀…');
  });

  it('cuts the raw text, not an escape sequence', () =>
    expect(escapeWithin('a<<<<', 9, escapeSlack)).toBe('a&lt;…'));
});

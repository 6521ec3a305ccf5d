import { jsonChars } from './json-text';

/**
 * Escaping for each chat channel's markup, and cutting to a channel's length limits. Every string
 * that comes from an event goes through one of these; the labels we write ourselves do not. Each
 * also makes a single line: chat fields are one line, so control characters and line breaks
 * become a space. The common case, text with nothing to escape, costs one regular expression test.
 */

export type Escape = (text: string) => string;

export const ELLIPSIS = '…';
const ZWSP = '\u200B';

// eslint-disable-next-line no-control-regex -- control characters are what this matches
const CONTROL = /[\x00-\x1f\x7f\u2028\u2029]+/g;
const CONTROL_CLASS = '\\x00-\\x1f\\x7f\\u2028\\u2029';

/** One line of text, for fields a channel shows as plain text (no markup to escape). */
export const plain: Escape = (text) => (PLAIN_SPECIAL.test(text) ? text.replace(CONTROL, ' ') : text);
const PLAIN_SPECIAL = new RegExp(`[${CONTROL_CLASS}]`);

/**
 * `escape(text)` cut with an ellipsis so that it is at most `limit` UTF-16 code units long (what
 * the channels count). The raw text is cut, never an escape sequence or a surrogate pair.
 */
export function escapeWithin(text: string, limit: number, escape: Escape): string {
  const whole = escape(text);
  if (whole.length <= limit) return whole;
  let cut = Math.min(text.length, limit - ELLIPSIS.length);
  for (;;) {
    if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
    const result = escape(text.slice(0, cut)) + ELLIPSIS;
    if (result.length <= limit || cut === 0) return result;
    // Escaping lengthens text by a roughly constant factor: shrink in proportion, always by one at least.
    cut = Math.min(
      cut - 1,
      Math.floor((cut * (limit - ELLIPSIS.length)) / (result.length - ELLIPSIS.length)),
    );
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Slack mrkdwn. `&`, `<` and `>` become entities, which also disarms `<!channel>`, `<@U…>` and
 * links. Slack has no escape character, so a zero-width space goes either side of a formatting
 * character that could open or close `*bold*`, `_italic_` or `~strike~` (one next to a non
 * alphanumeric or the end; `my_tag` stays as it is) and of every backtick, and after an `@`
 * that starts a word (`@here`, `@channel`).
 */
export const escapeSlack: Escape = (text) =>
  SLACK_SPECIAL.test(text) ? plain(text).replace(SLACK_ESCAPED, slackEscape) : text;
const SLACK_SPECIAL = new RegExp(`[&<>*_~\`@${CONTROL_CLASS}]`);
const SLACK_ESCAPED = /[&<>`]|(?<![A-Za-z0-9])[*_~@]|[*_~](?![A-Za-z0-9])/g;
const SLACK_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '@': `@${ZWSP}`,
};

function slackEscape(match: string): string {
  return SLACK_ENTITIES[match] ?? `${ZWSP}${match}${ZWSP}`;
}

/**
 * Adaptive Card TextBlock and FactSet markdown. Backslash before `\`, `*`, `` ` ``, `~`, `[`, `]`
 * and before an `_` that could open or close emphasis; a block marker at the start (`#`, `>`,
 * `-`, `+`, and `1.` before a space) is escaped too, and `{{` (the card's DATE/TIME functions)
 * is broken with a zero-width space.
 */
export const escapeTeams: Escape = (text) =>
  TEAMS_SPECIAL.test(text) ? plain(text).replace(TEAMS_ESCAPED, teamsEscape) : text;
const LEADING_NUMBER = String.raw`^[ \t]*\d+\.(?=\s|$)`;
const TEAMS_CHARS = String.raw`\\*${'`'}~[\]_{${CONTROL_CLASS}`;
const TEAMS_BLOCK_START = String.raw`^[ \t]*[#>+-]|${LEADING_NUMBER}`;
const TEAMS_SPECIAL = new RegExp(`[${TEAMS_CHARS}]|${TEAMS_BLOCK_START}`);
const TEAMS_ESCAPED = new RegExp(
  String.raw`[\\*${'`'}~[\]]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|\{(?=\{)|^[ \t]*[#>+-]|${LEADING_NUMBER}`,
  'g',
);

/**
 * `jsonChars(escapeWithin(text, limit, escapeTeams))`, what the Teams renderer writes for an event
 * string. Most Teams text has nothing to escape for either, which one regular expression test
 * finds here instead of two.
 */
export function escapeTeamsJsonWithin(text: string, limit: number): string {
  return text.length <= limit && !TEAMS_OR_JSON_SPECIAL.test(text)
    ? text
    : jsonChars(escapeWithin(text, limit, escapeTeams));
}
// TEAMS_SPECIAL and what JSON escapes (json-text.ts: `"`, `\`, control characters, surrogates).
const TEAMS_OR_JSON_SPECIAL = new RegExp(`["${TEAMS_CHARS}\\ud800-\\udfff]|${TEAMS_BLOCK_START}`);

/** `{` of `{{` gets a zero-width space; a leading `1.` its dot escaped; anything else its last character. */
function teamsEscape(match: string): string {
  if (match === '{') return `{${ZWSP}`;
  return `${match.slice(0, -1)}\\${match.slice(-1)}`;
}

/**
 * Discord markdown. Backslash before every markdown character (Discord drops a backslash before
 * any punctuation, so the text reads the same) and before the dot of a leading `1. `, and a
 * zero-width space after the `@` of `@everyone` and `@here`. Messages also set allowed_mentions
 * to none.
 */
export const escapeDiscord: Escape = (text) =>
  DISCORD_SPECIAL.test(text) ? plain(text).replace(DISCORD_ESCAPED, discordEscape) : text;
const DISCORD_SPECIAL = new RegExp(String.raw`[\\*_~${'`'}|<>#\-[\]()@${CONTROL_CLASS}]|${LEADING_NUMBER}`);
const DISCORD_ESCAPED = new RegExp(
  String.raw`[\\*_~${'`'}|<>#\-[\]()]|${LEADING_NUMBER}|@(?=everyone|here)`,
  'gi',
);

function discordEscape(match: string): string {
  return match === '@' ? `@${ZWSP}` : `${match.slice(0, -1)}\\${match.slice(-1)}`;
}

/**
 * `jsonChars(escapeWithin(text, limit, escapeDiscord))`, what the Discord renderer writes for an
 * event string, in one loop over the text unless it has to be cut. Discord text nearly always has
 * something to escape (`-` in dates, `_` in event types), and a regular expression replace with a
 * callback, then JSON escaping of the backslashes it added, cost about three times as much. A
 * markdown backslash is written as JSON's `\\`. markup.spec.ts checks this against the two steps.
 */
export function escapeDiscordJsonWithin(text: string, limit: number): string {
  const length = text.length;
  const listDot = leadingListDot(text, length);
  let json = '';
  let copied = 0;
  // How much longer escapeDiscord(text) is than text, for the limit.
  let added = 0;
  for (let i = 0; i < length; i += 1) {
    const code = charCodeAt.call(text, i);
    const kind = code < 0x80 ? DISCORD_ASCII[code] : nonAsciiKind(code);
    if (kind === KEEP) continue;
    let replacement: string;
    switch (kind) {
      case MARKDOWN:
        replacement = DISCORD_JSON_ESCAPES[code];
        added += 1;
        break;
      case QUOTE:
        replacement = '\\"';
        break;
      case DOT:
        if (i !== listDot) continue;
        replacement = '\\\\.';
        added += 1;
        break;
      case AT:
        if (!startsMassMention(text, i + 1, length)) continue;
        replacement = `@${ZWSP}`;
        added += 1;
        break;
      case SURROGATE:
        if (code < 0xdc00 && isLowSurrogate(charCodeAt.call(text, i + 1))) {
          i += 1;
          continue;
        }
        replacement = `\\u${code.toString(16)}`;
        break;
      default: {
        // A run of control characters becomes one space (plain).
        const end = controlRunEnd(text, i, length);
        json += `${slice.call(text, copied, i)} `;
        added -= end - i - 1;
        copied = end;
        i = end - 1;
        continue;
      }
    }
    json += slice.call(text, copied, i) + replacement;
    copied = i + 1;
  }
  if (length + added > limit) return jsonChars(escapeWithin(text, limit, escapeDiscord));
  return copied === 0 ? text : json + slice.call(text, copied);
}

/*
 * Called through the prototype: event strings come in many internal representations (flat,
 * concatenated, sliced, one or two bytes a character), which makes `text.charCodeAt` a megamorphic
 * property lookup that costs more than the rest of the loop.
 */
const charCodeAt = String.prototype.charCodeAt;
const slice = String.prototype.slice;

const KEEP = 0;
/** A markdown character or `\`: a backslash before it, see DISCORD_JSON_ESCAPES. */
const MARKDOWN = 1;
/** `"`, escaped for JSON only. */
const QUOTE = 2;
/** Escaped only as the dot of a leading `1. `. */
const DOT = 3;
/** Escaped only before `everyone` or `here`. */
const AT = 4;
/** Kept when paired, otherwise escaped for JSON. */
const SURROGATE = 5;
/** One of a run of control characters, which becomes one space. */
const CONTROL_RUN = 6;

const DISCORD_ASCII = new Uint8Array(0x80);
const DISCORD_JSON_ESCAPES: string[] = [];
for (let code = 0; code < 0x80; code += 1) {
  const char = String.fromCharCode(code);
  if (code < 0x20 || code === 0x7f) DISCORD_ASCII[code] = CONTROL_RUN;
  else if ('\\*_~`|<>#-[]()'.includes(char)) {
    DISCORD_ASCII[code] = MARKDOWN;
    // The backslash, then the character, each as JSON writes it.
    DISCORD_JSON_ESCAPES[code] = char === '\\' ? '\\\\\\\\' : `\\\\${char}`;
  } else if (char === '"') DISCORD_ASCII[code] = QUOTE;
  else if (char === '.') DISCORD_ASCII[code] = DOT;
  else if (char === '@') DISCORD_ASCII[code] = AT;
}

function nonAsciiKind(code: number): number {
  if (code === 0x2028 || code === 0x2029) return CONTROL_RUN;
  return code >= 0xd800 && code <= 0xdfff ? SURROGATE : KEEP;
}

/** The index of the dot LEADING_NUMBER escapes in `plain(text)` (the same as in `text`), or -1. */
function leadingListDot(text: string, length: number): number {
  let i = 0;
  while (i < length && isSpaceOrControl(charCodeAt.call(text, i))) i += 1;
  const digits = i;
  while (i < length && isDigit(charCodeAt.call(text, i))) i += 1;
  if (i === digits || i === length || charCodeAt.call(text, i) !== 0x2e) return -1;
  if (i + 1 === length) return i;
  const next = charCodeAt.call(text, i + 1);
  return isSpaceOrControl(next) || isWhiteSpace(next) ? i : -1;
}

/** Whether `everyone` or `here`, in any case, starts at `start` (DISCORD_ESCAPED's lookahead). */
function startsMassMention(text: string, start: number, length: number): boolean {
  return startsWithWord(text, start, length, 'everyone') || startsWithWord(text, start, length, 'here');
}

function startsWithWord(text: string, start: number, length: number, lowerCaseWord: string): boolean {
  if (start + lowerCaseWord.length > length) return false;
  for (let k = 0; k < lowerCaseWord.length; k += 1) {
    // Setting bit 0x20 lower-cases an ASCII letter and turns nothing else into one.
    if ((charCodeAt.call(text, start + k) | 0x20) !== lowerCaseWord.charCodeAt(k)) return false;
  }
  return true;
}

/** The index after the run of control characters that starts at `start`. */
function controlRunEnd(text: string, start: number, length: number): number {
  let end = start + 1;
  while (end < length && isControl(charCodeAt.call(text, end))) end += 1;
  return end;
}

/** What CONTROL matches. */
function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029;
}

/** A space, or what plain makes a space. */
function isSpaceOrControl(code: number): boolean {
  return code === 0x20 || isControl(code);
}

/** What `\s` matches besides the characters isSpaceOrControl takes. */
function isWhiteSpace(code: number): boolean {
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

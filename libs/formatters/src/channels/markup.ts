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
const TEAMS_SPECIAL = new RegExp(
  String.raw`[\\*${'`'}~[\]_{${CONTROL_CLASS}]|^[ \t]*[#>+-]|${LEADING_NUMBER}`,
);
const TEAMS_ESCAPED = new RegExp(
  String.raw`[\\*${'`'}~[\]]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|\{(?=\{)|^[ \t]*[#>+-]|${LEADING_NUMBER}`,
  'g',
);

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

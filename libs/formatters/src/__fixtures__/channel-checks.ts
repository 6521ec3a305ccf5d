import * as AdaptiveCards from 'adaptivecards/dist/adaptivecards.js';
import { DISCORD_LIMITS, type DiscordMessage } from '../channels/discord.formatter';
import { SLACK_LIMITS, type SlackMessage } from '../channels/slack.formatter';
import { TEAMS_LIMITS, type TeamsMessage } from '../channels/teams.formatter';

/**
 * Checks of chat messages for the specs: that a string is inert in a channel's markup (restating
 * each channel's rules rather than reusing markup.ts), the inverse of each escaper, each
 * channel's limits, and the adaptivecards library's verdict on a Teams card.
 */

const ZWSP = '\u200B';
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const LINE_BREAKING = /[\x00-\x1f\x7f\u2028\u2029]+/g;

/** What every channel does first: control characters and line breaks become one space. */
export const oneLine = (text: string): string => text.replace(LINE_BREAKING, ' ');
const lineBreakIssues = (text: string): string[] => (oneLine(text) === text ? [] : ['control character or line break']);
const isAlphanumeric = (char: string | undefined): boolean => char !== undefined && /^[A-Za-z0-9]$/.test(char);

/** Problems that would let `text` format or mention in Slack mrkdwn; empty when inert. */
export function slackIssues(text: string): string[] {
  const issues = lineBreakIssues(text);
  for (let i = 0; i < text.length; i += 1) {
    const [prev, char, next] = [text[i - 1], text[i], text[i + 1]];
    const wrapped = prev === ZWSP && next === ZWSP;
    if (char === '<' || char === '>') issues.push(`raw ${char} at ${i}`);
    else if (char === '&' && !/^&(amp|lt|gt);/.test(text.slice(i))) issues.push(`raw & at ${i}`);
    else if ('*_~'.includes(char) && !wrapped && !(isAlphanumeric(prev) && isAlphanumeric(next))) issues.push(`live ${char} at ${i}`);
    else if (char === '`' && !wrapped) issues.push(`live \` at ${i}`);
    else if (char === '@' && !isAlphanumeric(prev) && next !== ZWSP) issues.push(`mention @ at ${i}`);
  }
  return issues;
}

const TEAMS_LIVE = '*`~[]';
const DISCORD_LIVE = '*_~`|<>#-[]()';

/** Problems that would let `text` format in Adaptive Card markdown (Teams); empty when inert. */
export function teamsIssues(text: string): string[] {
  const issues = lineBreakIssues(text);
  if (text.includes('{{')) issues.push('template {{');
  scanUnescaped(text, (char, i, lineStart) => {
    if (TEAMS_LIVE.includes(char)) issues.push(`live ${char} at ${i}`);
    else if (char === '_' && !(isAlphanumeric(text[i - 1]) && isAlphanumeric(text[i + 1]))) issues.push(`live _ at ${i}`);
    else if (lineStart && '#>+-'.includes(char)) issues.push(`block marker ${char} at ${i}`);
    else if (lineStart && /^\d+\.(\s|$)/.test(text.slice(i, i + 12))) issues.push(`ordered list at ${i}`);
  });
  return issues;
}

/** Problems that would let `text` format or mention in Discord markdown; empty when inert. */
export function discordIssues(text: string): string[] {
  const issues = lineBreakIssues(text);
  if (/@(everyone|here)/i.test(text)) issues.push('mass mention');
  scanUnescaped(text, (char, i, lineStart) => {
    if (DISCORD_LIVE.includes(char)) issues.push(`live ${char} at ${i}`);
    else if (lineStart && /^\d+\.(\s|$)/.test(text.slice(i, i + 12))) issues.push(`ordered list at ${i}`);
  });
  return issues;
}

/**
 * Calls `visit` for every character a backslash does not escape, saying whether only spaces or
 * tabs precede it on its line.
 */
function scanUnescaped(text: string, visit: (char: string, index: number, lineStart: boolean) => void): void {
  let lineStart = true;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '\\') {
      i += 1;
      lineStart = false;
      continue;
    }
    visit(char, i, lineStart);
    lineStart = char === '\n' || (lineStart && (char === ' ' || char === '\t'));
  }
}

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** Inverses of the escapers, for texts without zero-width spaces of their own. */
export const unescapeSlack = (text: string): string =>
  text.replaceAll(ZWSP, '').replace(/&(amp|lt|gt);/g, (entity) => ENTITIES[entity]);
export const unescapeBackslashes = (text: string): string => text.replaceAll(ZWSP, '').replace(/\\([\s\S])/g, '$1');

/** Slack limits this formatter relies on; empty when the message is within them. */
export function slackLimitIssues(message: SlackMessage): string[] {
  const issues: string[] = [];
  if (message.text.length === 0 || message.text.length > SLACK_LIMITS.fallbackText) issues.push('text length');
  const [header] = message.blocks;
  if (header?.type !== 'header' || header.text.text.length > SLACK_LIMITS.headerText) issues.push('header');
  for (const block of message.blocks) {
    if (block.type !== 'section') continue;
    const fields = block.fields ?? [];
    if (fields.length === 0 || fields.length > SLACK_LIMITS.fieldsPerSection) issues.push('fields per section');
    for (const field of fields) if (field.text.length > SLACK_LIMITS.fieldText) issues.push('field length');
  }
  return issues;
}

/** The texts of a Slack message's section fields. */
export function slackFieldTexts(message: SlackMessage): string[] {
  return message.blocks.flatMap((block) => (block.type === 'section' ? (block.fields ?? []).map((field) => field.text) : []));
}

/**
 * What the adaptivecards library reports for the card of a Teams message: parse warnings and
 * errors (unknown elements, bad values, properties newer than 1.4) and validateProperties()
 * failures (missing required properties). Empty when the card is clean and the message is within
 * Teams' size limit.
 */
export function adaptiveCardIssues(message: TeamsMessage): string[] {
  const bytes = Buffer.byteLength(JSON.stringify(message));
  if (bytes > TEAMS_LIMITS.messageBytes) return [`${bytes} bytes`];
  const card = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext(AdaptiveCards.Versions.v1_4);
  card.parse(message.attachments[0].content, context);
  const issues: string[] = [];
  for (let i = 0; i < context.eventCount; i += 1) issues.push(context.getEventAt(i).message);
  for (const event of card.validateProperties().validationEvents) issues.push(event.message);
  return issues;
}

/** The texts Teams renders as markdown: every TextBlock and every fact value. */
export function teamsTexts(message: TeamsMessage): string[] {
  return message.attachments[0].content.body.flatMap((element) =>
    element.type === 'TextBlock' ? [element.text] : element.facts.map((fact) => fact.value),
  );
}

/** Discord limits; empty when the message is within them. */
export function discordLimitIssues(message: DiscordMessage): string[] {
  const issues: string[] = [];
  if (message.embeds.length > 10) issues.push('embeds');
  let total = 0;
  for (const embed of message.embeds) {
    if (embed.title.length > DISCORD_LIMITS.title) issues.push('title');
    if (embed.description.length > DISCORD_LIMITS.description) issues.push('description');
    if (embed.footer.text.length > DISCORD_LIMITS.footer) issues.push('footer');
    if (embed.fields.length > DISCORD_LIMITS.fields) issues.push('fields');
    total += embed.title.length + embed.description.length + embed.footer.text.length;
    for (const field of embed.fields) {
      if (field.name.length > DISCORD_LIMITS.fieldName || field.value.length > DISCORD_LIMITS.fieldValue) issues.push('field');
      total += field.name.length + field.value.length;
    }
  }
  if (total > DISCORD_LIMITS.total) issues.push(`total ${total}`);
  return issues;
}

/** The texts Discord renders as markdown. */
export function discordTexts(message: DiscordMessage): string[] {
  return message.embeds.flatMap((embed) => [embed.title, embed.description, embed.footer.text, ...embed.fields.map((field) => field.value)]);
}

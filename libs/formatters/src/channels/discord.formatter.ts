import type { FormattedPayload } from '../formatter';
import { ChatFormatter, type ChatMessage, type Tone } from './chat-message';
import { jsonChars, jsonTextPayload } from './json-text';
import { escapeDiscordJsonWithin } from './markup';

/** Discord's embed limits; every embed's text together must stay within `total`. */
export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
} as const;

/**
 * What this formatter allows itself, chosen so that a full embed (title, description, footer and
 * up to 20 fields with our labels as names) stays under DISCORD_LIMITS.total whatever the event
 * holds: 256 + 512 + 256 + 20 × (32 + 200) = 5664.
 */
const BUDGET = { title: 256, description: 512, fields: 20, fieldValue: 200, footer: 256 } as const;

export interface DiscordMessage {
  embeds: DiscordEmbed[];
  allowed_mentions: { parse: [] };
}

export interface DiscordEmbed {
  title: string;
  description: string;
  url?: string;
  color: number;
  fields: DiscordField[];
  timestamp: string;
  footer: { text: string };
}

export interface DiscordField {
  name: string;
  value: string;
  inline: boolean;
}

const TONE_COLORS: Readonly<Record<Tone, number>> = {
  good: 0x2eb67d,
  warning: 0xecb22e,
  danger: 0xe01e5a,
  info: 0x1d9bd1,
};

/**
 * `discord`: one embed (title linking to the resource when the event has a web URL, the one-line
 * text, facts as inline fields, details as full-width fields, colour by outcome, the event time),
 * with mentions disabled. The body is written as JSON text (see json-text.ts) in the shape of
 * DiscordMessage.
 */
export class DiscordFormatter extends ChatFormatter {
  protected render(message: ChatMessage): FormattedPayload {
    const title = escapeDiscordJsonWithin(message.title, BUDGET.title);
    const description = escapeDiscordJsonWithin(message.text, BUDGET.description);
    const url = message.link === undefined ? '' : `"url":"${jsonChars(message.link.url)}",`;
    const footer = escapeDiscordJsonWithin(message.footer, BUDGET.footer);
    const embed =
      `{"title":"${title}","description":"${description}",${url}` +
      `"color":${TONE_COLORS[message.tone]},"fields":[${fields(message)}],` +
      `"timestamp":"${jsonChars(message.timestamp)}","footer":{"text":"${footer}"}}`;
    return jsonTextPayload(`{"embeds":[${embed}],"allowed_mentions":{"parse":[]}}`);
  }
}

/**
 * Facts as inline fields, then details full width, at most BUDGET.fields in all; field names
 * are our labels, nothing to escape.
 */
function fields(message: ChatMessage): string {
  let json = '';
  let count = 0;
  for (const [list, inline] of [
    [message.facts, true],
    [message.details, false],
  ] as const) {
    for (const { label, value } of list) {
      if (count === BUDGET.fields) return json;
      const escaped = escapeDiscordJsonWithin(value, BUDGET.fieldValue);
      json += `${count === 0 ? '' : ','}{"name":"${label}","value":"${escaped}","inline":${inline}}`;
      count += 1;
    }
  }
  return json;
}

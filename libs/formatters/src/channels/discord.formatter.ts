import { jsonPayload, type FormattedPayload } from '../formatter';
import { ChatFormatter, type ChatMessage, type Fact, type Tone } from './chat-message';
import { escapeDiscord, escapeWithin } from './markup';

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
 * with mentions disabled.
 */
export class DiscordFormatter extends ChatFormatter {
  protected render(message: ChatMessage): FormattedPayload {
    const fields: DiscordField[] = [];
    for (const fact of message.facts) fields.push(field(fact, true));
    for (const fact of message.details) fields.push(field(fact, false));
    const embed: DiscordEmbed = {
      title: escapeWithin(message.title, BUDGET.title, escapeDiscord),
      description: escapeWithin(message.text, BUDGET.description, escapeDiscord),
      url: message.link?.url,
      color: TONE_COLORS[message.tone],
      fields: fields.length > BUDGET.fields ? fields.slice(0, BUDGET.fields) : fields,
      timestamp: message.timestamp,
      footer: { text: escapeWithin(message.footer, BUDGET.footer, escapeDiscord) },
    };
    const body: DiscordMessage = { embeds: [embed], allowed_mentions: { parse: [] } };
    return jsonPayload(body);
  }
}

/** Facts are inline fields; details take the full width. */
function field(fact: Fact, inline: boolean): DiscordField {
  return { name: fact.label, value: escapeWithin(fact.value, BUDGET.fieldValue, escapeDiscord), inline };
}

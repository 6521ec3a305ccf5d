import type { FormattedPayload } from '../formatter';
import { ChatFormatter, type ChatMessage, type Tone } from './chat-message';
import { jsonChars, jsonTextPayload } from './json-text';
import { escapeTeamsJsonWithin } from './markup';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const ADAPTIVE_CARD_VERSION = '1.4';

/**
 * Teams refuses messages over about 28 KB. These lengths (UTF-16 units, so at most 3 bytes each
 * in UTF-8) keep a card with every fact at its longest under `messageBytes`.
 */
export const TEAMS_LIMITS = { title: 256, text: 512, factValue: 512, messageBytes: 28_000 } as const;

/** The message envelope Teams incoming webhooks and Workflows accept. */
export interface TeamsMessage {
  type: 'message';
  attachments: [{ contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; content: AdaptiveCard }];
}

interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: typeof ADAPTIVE_CARD_SCHEMA;
  version: typeof ADAPTIVE_CARD_VERSION;
  body: CardElement[];
  actions?: { type: 'Action.OpenUrl'; title: string; url: string }[];
}

type CardElement =
  | {
      type: 'TextBlock';
      text: string;
      wrap: true;
      weight?: 'Bolder';
      size?: 'Small' | 'Medium';
      color?: 'Good' | 'Warning' | 'Attention' | 'Accent';
      isSubtle?: true;
      spacing?: 'None';
    }
  | { type: 'FactSet'; facts: { title: string; value: string }[] };

const TONE_COLORS = {
  good: 'Good',
  warning: 'Warning',
  danger: 'Attention',
  info: 'Accent',
} as const satisfies Record<Tone, string>;

/**
 * `teams`: an Adaptive Card 1.4 in the message envelope: a coloured title, the one-line text, the
 * facts and details as a FactSet, the registry and event id, and an Open action to the resource
 * when the event has a web URL. Every event string is escaped for the card's markdown. The body is
 * written as JSON text (see json-text.ts) in the shape of TeamsMessage.
 */
export class TeamsFormatter extends ChatFormatter {
  protected render(message: ChatMessage): FormattedPayload {
    const title = escapeTeamsJsonWithin(message.title, TEAMS_LIMITS.title);
    const text = escapeTeamsJsonWithin(message.text, TEAMS_LIMITS.text);
    const footer = escapeTeamsJsonWithin(message.footer, TEAMS_LIMITS.text);
    const body =
      `{"type":"TextBlock","text":"${title}","wrap":true,"weight":"Bolder","size":"Medium","color":"${TONE_COLORS[message.tone]}"},` +
      `{"type":"TextBlock","text":"${text}","wrap":true,"spacing":"None"},` +
      `{"type":"FactSet","facts":[${factSet(message)}]},` +
      `{"type":"TextBlock","text":"${footer}","wrap":true,"size":"Small","isSubtle":true}`;
    const actions =
      message.link === undefined
        ? ''
        : `,"actions":[{"type":"Action.OpenUrl","title":"${message.link.label}","url":"${jsonChars(message.link.url)}"}]`;
    const card = `{"type":"AdaptiveCard","$schema":"${ADAPTIVE_CARD_SCHEMA}","version":"${ADAPTIVE_CARD_VERSION}","body":[${body}]${actions}}`;
    return jsonTextPayload(
      `{"type":"message","attachments":[{"contentType":"${ADAPTIVE_CARD_CONTENT_TYPE}","content":${card}}]}`,
    );
  }
}

/** The facts, then the family's details, as FactSet facts; labels are ours, nothing to escape. */
function factSet(message: ChatMessage): string {
  let json = '';
  for (const list of [message.facts, message.details]) {
    for (const { label, value } of list) {
      const escaped = escapeTeamsJsonWithin(value, TEAMS_LIMITS.factValue);
      json += `${json === '' ? '' : ','}{"title":"${label}","value":"${escaped}"}`;
    }
  }
  return json;
}

import { jsonPayload, type FormattedPayload } from '../formatter';
import { ChatFormatter, type ChatMessage, type Tone } from './chat-message';
import { escapeTeams, escapeWithin } from './markup';

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
 * when the event has a web URL. Every event string is escaped for the card's markdown.
 */
export class TeamsFormatter extends ChatFormatter {
  protected render(message: ChatMessage): FormattedPayload {
    const card: AdaptiveCard = {
      type: 'AdaptiveCard',
      $schema: ADAPTIVE_CARD_SCHEMA,
      version: ADAPTIVE_CARD_VERSION,
      body: [
        {
          type: 'TextBlock',
          text: escapeWithin(message.title, TEAMS_LIMITS.title, escapeTeams),
          wrap: true,
          weight: 'Bolder',
          size: 'Medium',
          color: TONE_COLORS[message.tone],
        },
        {
          type: 'TextBlock',
          text: escapeWithin(message.text, TEAMS_LIMITS.text, escapeTeams),
          wrap: true,
          spacing: 'None',
        },
        { type: 'FactSet', facts: factSet(message) },
        {
          type: 'TextBlock',
          text: escapeWithin(message.footer, TEAMS_LIMITS.text, escapeTeams),
          wrap: true,
          size: 'Small',
          isSubtle: true,
        },
      ],
      actions: message.link && [{ type: 'Action.OpenUrl', title: message.link.label, url: message.link.url }],
    };
    const body: TeamsMessage = {
      type: 'message',
      attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
    };
    return jsonPayload(body);
  }
}

/** The facts, then the family's details. */
function factSet(message: ChatMessage): { title: string; value: string }[] {
  const facts: { title: string; value: string }[] = [];
  for (const list of [message.facts, message.details]) {
    for (const { label, value } of list) {
      facts.push({ title: label, value: escapeWithin(value, TEAMS_LIMITS.factValue, escapeTeams) });
    }
  }
  return facts;
}

import type { KnownBlock, MrkdwnElement } from '@slack/types';
import { jsonPayload, type FormattedPayload } from '../formatter';
import { ChatFormatter, type ChatMessage, type Fact, type Tone } from './chat-message';
import { escapeSlack, escapeWithin, plain } from './markup';

/** An incoming-webhook message: Block Kit blocks and the text notifications show. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Slack's Block Kit limits, and the length this formatter gives the fallback text. */
export const SLACK_LIMITS = {
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  buttonUrl: 3000,
  contextText: 3000,
  fallbackText: 3000,
} as const;

const TONE_EMOJI: Readonly<Record<Tone, string>> = { good: '✅', warning: '⚠️', danger: '🚨', info: 'ℹ️' };

/**
 * `slack`: a header, the event's facts as section fields, the family's details (scan counts,
 * replication results, quota usage) as a second section, a button to the resource when the event
 * has a web URL, and the registry and event id as context. `text` is the plain-text fallback.
 */
export class SlackFormatter extends ChatFormatter {
  protected render(message: ChatMessage): FormattedPayload {
    const blocks: KnownBlock[] = [
      {
        type: 'header',
        text: {
          type: 'plain_text',
          text: escapeWithin(`${TONE_EMOJI[message.tone]} ${message.title}`, SLACK_LIMITS.headerText, plain),
        },
      },
    ];
    addSections(blocks, message.facts);
    addSections(blocks, message.details);
    if (message.link !== undefined && message.link.url.length <= SLACK_LIMITS.buttonUrl) {
      blocks.push({
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: message.link.label }, url: message.link.url },
        ],
      });
    }
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: escapeWithin(message.footer, SLACK_LIMITS.contextText, escapeSlack) },
      ],
    });
    const body: SlackMessage = {
      text: escapeWithin(message.text, SLACK_LIMITS.fallbackText, escapeSlack),
      blocks,
    };
    return jsonPayload(body);
  }
}

/** Sections of at most ten fields each; none when there are no facts. */
function addSections(blocks: KnownBlock[], facts: Fact[]): void {
  for (let i = 0; i < facts.length; i += SLACK_LIMITS.fieldsPerSection) {
    const fields: MrkdwnElement[] = [];
    for (const fact of facts.slice(i, i + SLACK_LIMITS.fieldsPerSection)) fields.push(field(fact));
    blocks.push({ type: 'section', fields });
  }
}

function field({ label, value }: Fact): MrkdwnElement {
  const heading = `*${label}*\n`;
  return {
    type: 'mrkdwn',
    text: heading + escapeWithin(value, SLACK_LIMITS.fieldText - heading.length, escapeSlack),
  };
}

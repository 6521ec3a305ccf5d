import type { KnownBlock } from '@slack/types';
import type { FormattedPayload } from '../formatter';
import { ChatFormatter, type ChatMessage, type Fact, type Tone } from './chat-message';
import { jsonChars, jsonTextPayload } from './json-text';
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
 * The body is written as JSON text (see json-text.ts) in the shape of SlackMessage.
 */
export class SlackFormatter extends ChatFormatter {
  protected render(message: ChatMessage): FormattedPayload {
    const header = escapeWithin(
      `${TONE_EMOJI[message.tone]} ${message.title}`,
      SLACK_LIMITS.headerText,
      plain,
    );
    let blocks = `{"type":"header","text":{"type":"plain_text","text":"${jsonChars(header)}"}}`;
    blocks += sections(message.facts) + sections(message.details);
    if (message.link !== undefined && message.link.url.length <= SLACK_LIMITS.buttonUrl) {
      const { label, url } = message.link;
      blocks += `,{"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"${label}"},"url":"${jsonChars(url)}"}]}`;
    }
    const footer = escapeWithin(message.footer, SLACK_LIMITS.contextText, escapeSlack);
    blocks += `,{"type":"context","elements":[{"type":"mrkdwn","text":"${jsonChars(footer)}"}]}`;
    const text = escapeWithin(message.text, SLACK_LIMITS.fallbackText, escapeSlack);
    return jsonTextPayload(`{"text":"${jsonChars(text)}","blocks":[${blocks}]}`);
  }
}

/** Sections of at most ten fields each, each after a comma; none when there are no facts. */
function sections(facts: Fact[]): string {
  let json = '';
  for (let i = 0; i < facts.length; i += SLACK_LIMITS.fieldsPerSection) {
    const end = Math.min(facts.length, i + SLACK_LIMITS.fieldsPerSection);
    let fields = field(facts[i]);
    for (let j = i + 1; j < end; j++) fields += `,${field(facts[j])}`;
    json += `,{"type":"section","fields":[${fields}]}`;
  }
  return json;
}

/** A section field: the label in bold (ours, nothing to escape) and the value on the next line. */
function field({ label, value }: Fact): string {
  const limit = SLACK_LIMITS.fieldText - label.length - 3;
  return `{"type":"mrkdwn","text":"*${label}*\\n${jsonChars(escapeWithin(value, limit, escapeSlack))}"}`;
}

import type { TargetType } from '../api/types';

/**
 * A plain-text reading of a Slack, Teams or Discord message body: the title, the label/value
 * fields and the other lines a person would see in the channel. Everything stays text.
 */
export interface CardLine {
  label?: string;
  text: string;
}

type Chat = Exclude<TargetType, 'http'>;
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Slack's section fields read "*Label*\nvalue"; anything else is a line of its own. */
function slackLine(value: string): CardLine {
  const field = /^\*([^*\n]+)\*\n([\s\S]*)$/.exec(value);
  return field ? { label: field[1], text: field[2] } : { text: value };
}

function slackLines(body: Json): CardLine[] {
  return list(body.blocks).flatMap((block): CardLine[] => {
    if (!isObject(block)) return [];
    const texts = [block.text, ...list(block.fields), ...list(block.elements)]
      .map((part) => (isObject(part) ? text(part.text) : ''))
      .filter((value) => value !== '');
    return texts.map(slackLine);
  });
}

function teamsElements(elements: unknown[]): CardLine[] {
  return elements.flatMap((element): CardLine[] => {
    if (!isObject(element)) return [];
    if (element.type === 'TextBlock') return [{ text: text(element.text) }];
    if (element.type === 'FactSet') {
      return list(element.facts).flatMap((fact) =>
        isObject(fact) ? [{ label: text(fact.title), text: text(fact.value) }] : [],
      );
    }
    return teamsElements([...list(element.items), ...list(element.columns), ...list(element.body)]);
  });
}

function teamsLines(body: Json): CardLine[] {
  return list(body.attachments).flatMap((attachment) =>
    isObject(attachment) && isObject(attachment.content) ? teamsElements(list(attachment.content.body)) : [],
  );
}

/** Discord shows a markdown backslash escape as the character itself. */
const unescaped = (value: unknown): string => text(value).replace(/\\([\\`*_{}[\]()#+\-.!|~>])/g, '$1');

function discordLines(body: Json): CardLine[] {
  const lines: CardLine[] = [{ text: unescaped(body.content) }];
  for (const embed of list(body.embeds)) {
    if (!isObject(embed)) continue;
    lines.push({ text: unescaped(embed.title) }, { text: unescaped(embed.description) });
    for (const field of list(embed.fields)) {
      if (isObject(field)) lines.push({ label: unescaped(field.name), text: unescaped(field.value) });
    }
  }
  return lines.filter((line) => line.text !== '');
}

export function cardLines(type: Chat, body: string): CardLine[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  if (!isObject(parsed)) return [];
  switch (type) {
    case 'slack':
      return slackLines(parsed);
    case 'teams':
      return teamsLines(parsed);
    case 'discord':
      return discordLines(parsed);
  }
}

const TOOL: Record<Chat, string> = { slack: 'Slack', teams: 'Microsoft Teams', discord: 'Discord' };

export function ChatCard({ type, body }: { type: Chat; body: string }) {
  const lines = cardLines(type, body);
  const fields = lines.filter((line) => line.label !== undefined);
  const [title, ...others] = lines.filter((line) => line.label === undefined);
  return (
    <section className={`card card-${type}`} aria-label={`${TOOL[type]} message`}>
      <p className="hint">As it reads in {TOOL[type]} (formatting marks shown as sent)</p>
      {title && <p className="card-title">{title.text}</p>}
      {fields.length > 0 && (
        <dl>
          {fields.map((line, index) => (
            <div key={index}>
              <dt>{line.label}</dt>
              <dd>{line.text}</dd>
            </div>
          ))}
        </dl>
      )}
      {others.map((line, index) => (
        <p key={index}>{line.text}</p>
      ))}
    </section>
  );
}

import { EVENT_TYPES, type CanonicalEvent } from '@app/events';
import { adaptiveCardIssues, teamsIssues, teamsTexts } from '../__fixtures__/channel-checks';
import { FIXTURE_EVENTS, FIXTURE_NOW, fixtureContext } from '../__fixtures__/fixtures';
import { formatEvent, formatPing } from '../registry';
import type { TeamsMessage } from './teams.formatter';

const ctx = fixtureContext('teams');
const teams = (event: CanonicalEvent): TeamsMessage =>
  JSON.parse(formatEvent(event, ctx).body) as TeamsMessage;

describe('TeamsFormatter', () => {
  it.each(EVENT_TYPES)(
    '%s: an Adaptive Card 1.4 the adaptivecards library parses without a warning',
    (type) => {
      const message = teams(FIXTURE_EVENTS[type]);
      expect(adaptiveCardIssues(message)).toEqual([]);
      for (const text of teamsTexts(message)) expect(teamsIssues(text)).toEqual([]);
    },
  );

  it('wraps the card in the message envelope Teams webhooks and Workflows accept', () => {
    const message = teams(FIXTURE_EVENTS.TAG_PUSH);
    expect(Object.keys(message)).toEqual(['type', 'attachments']);
    expect(message.type).toBe('message');
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = message.attachments[0].content;
    expect([card.type, card.$schema, card.version]).toEqual([
      'AdaptiveCard',
      'http://adaptivecards.io/schemas/adaptive-card.json',
      '1.4',
    ]);
  });

  it('shows the facts and family details in a FactSet, and links to the report', () => {
    const card = teams(FIXTURE_EVENTS.SCAN_COMPLETED).attachments[0].content;
    const factSet = card.body.find((element) => element.type === 'FactSet');
    expect(factSet).toMatchObject({
      facts: expect.arrayContaining([
        { title: 'Repository', value: 'acme/payments-api' },
        { title: 'Digest', value: 'sha256:2c983205795b' },
        { title: 'Vulnerabilities', value: 'Critical 1 · High 4 · Medium 11 · Low 7' },
      ]),
    });
    expect(card.body[0]).toMatchObject({
      type: 'TextBlock',
      text: 'Scan completed: acme/payments-api:2.4.1',
      color: 'Attention',
    });
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'View report', url: FIXTURE_EVENTS.SCAN_COMPLETED.data.reportUrl },
    ]);
    expect(teams(FIXTURE_EVENTS.TAG_PUSH).attachments[0].content).not.toHaveProperty('actions');
  });

  it('escapes the card’s markdown and its template functions', () => {
    const message = teams({
      ...FIXTURE_EVENTS.TAG_PUSH,
      actor: { name: '**boss** [x](https://evil.example) {{DATE(2017-02-14T06:08:39Z)}}' },
    });
    expect(adaptiveCardIssues(message)).toEqual([]);
    for (const text of teamsTexts(message)) expect(teamsIssues(text)).toEqual([]);
    expect(JSON.stringify(message)).not.toContain('{{');
  });

  it('stays under Teams’ 28 KB with every string at its longest in three-byte characters', () => {
    const long = (length: number) => '界'.repeat(length);
    const message = teams({
      ...FIXTURE_EVENTS.SCAN_FAILED,
      source: long(255),
      actor: { name: long(255) },
      data: {
        ...FIXTURE_EVENTS.SCAN_FAILED.data,
        error: long(4096),
        scanner: { name: long(255), version: long(255) },
      },
    });
    expect(Buffer.byteLength(JSON.stringify(message))).toBeGreaterThan(5_000);
    expect(adaptiveCardIssues(message)).toEqual([]);
  });

  it('pings with a test card', () => {
    const message = JSON.parse(formatPing(ctx, FIXTURE_NOW).body) as TeamsMessage;
    expect(adaptiveCardIssues(message)).toEqual([]);
    expect(message.attachments[0].content.body[0]).toMatchObject({ text: 'Test notification' });
  });
});

import { EVENT_TYPES, type CanonicalEvent } from '@app/events';
import { FIXTURE_EVENTS, FIXTURE_NOW, fixtureContext } from '../__fixtures__/fixtures';
import { slackFieldTexts as fieldTexts, slackIssues, slackLimitIssues } from '../__fixtures__/channel-checks';
import { formatEvent, formatPing } from '../registry';
import type { SlackMessage } from './slack.formatter';

/*
 * Type-checking against Slack's own types happens at compile time: the formatter builds every
 * block as an @slack/types KnownBlock (see slack.formatter.ts), so `tsc` rejects a block Slack's
 * types do not allow. These specs check what types cannot: limits, escaping and content.
 */

const ctx = fixtureContext('slack');
const slack = (event: CanonicalEvent): SlackMessage =>
  JSON.parse(formatEvent(event, ctx).body) as SlackMessage;

describe('SlackFormatter', () => {
  it.each(EVENT_TYPES)('%s: header, fields, context and a fallback text within Slack’s limits', (type) => {
    const message = slack(FIXTURE_EVENTS[type]);
    expect(slackLimitIssues(message)).toEqual([]);
    expect(message.blocks.map((block) => block.type)).toEqual(
      expect.arrayContaining(['header', 'section', 'context']),
    );
    expect(fieldTexts(message)[0]).toBe(`*Event*\n${type}`);
  });

  it('shows the event’s facts: repository, tag, short digest, actor and time', () => {
    expect(fieldTexts(slack(FIXTURE_EVENTS.TAG_PUSH))).toEqual([
      '*Event*\nTAG_PUSH',
      '*Repository*\nacme/payments-api',
      '*Tag*\n2.4.1',
      '*Digest*\nsha256:2c983205795b',
      '*Actor*\nalice',
      '*Time*\n2026-11-22T10:00:00.123Z',
      '*Platform*\nlinux/amd64',
    ]);
  });

  it('shows scan severity counts and links to the report', () => {
    const message = slack(FIXTURE_EVENTS.SCAN_COMPLETED);
    expect(fieldTexts(message)).toContain('*Vulnerabilities*\nCritical 1 · High 4 · Medium 11 · Low 7');
    expect(message.blocks).toContainEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'View report' },
          url: FIXTURE_EVENTS.SCAN_COMPLETED.data.reportUrl,
        },
      ],
    });
    expect(message.text).toBe(
      'Scan completed: acme/payments-api:2.4.1 by registry (Critical 1 · High 4 · Medium 11 · Low 7)',
    );
  });

  it('shows replication status with succeeded and failed counts', () => {
    expect(fieldTexts(slack(FIXTURE_EVENTS.REPLICATION_COMPLETED))).toEqual(
      expect.arrayContaining([
        '*Status*\nPartial',
        '*Artifacts*\n2 succeeded, 1 failed',
        '*Failed*\nacme/ledger:0.9.0',
      ]),
    );
  });

  it('shows quota usage as used / hard and a percentage', () => {
    expect(fieldTexts(slack(FIXTURE_EVENTS.QUOTA_WARNING))).toEqual(
      expect.arrayContaining(['*Usage*\nstorage 8.6 GiB / 10.0 GiB (85.7%)', '*Threshold*\n85%']),
    );
  });

  it('escapes what the event says and cuts it to the limits', () => {
    const hostile = '<!channel> *urgent* @here ' + 'x'.repeat(5000);
    const message = slack({
      ...FIXTURE_EVENTS.TAG_PUSH,
      actor: { name: hostile.slice(0, 255) },
      source: hostile.slice(0, 255),
    });
    expect(slackLimitIssues(message)).toEqual([]);
    const actor = fieldTexts(message).find((text) => text.startsWith('*Actor*\n')) ?? '';
    expect(slackIssues(actor.slice('*Actor*\n'.length))).toEqual([]);
    expect(actor).toContain('&lt;!channel&gt;');
    expect(slackIssues(message.text)).toEqual([]);
    expect(JSON.stringify(message)).not.toMatch(/<!channel>|(?<![\w\u200B])@here/);
  });

  it('pings with a test notification', () => {
    const message = JSON.parse(formatPing(ctx, FIXTURE_NOW).body) as SlackMessage;
    expect(message.text).toBe('Test notification for subscription buildhook01 from registry-webhooks');
    expect(slackLimitIssues(message)).toEqual([]);
  });
});

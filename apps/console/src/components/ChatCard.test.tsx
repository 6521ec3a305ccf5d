import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import discord from '../../../../libs/formatters/src/__fixtures__/golden/discord.json';
import slack from '../../../../libs/formatters/src/__fixtures__/golden/slack.json';
import teams from '../../../../libs/formatters/src/__fixtures__/golden/teams.json';
import { cardLines, ChatCard } from './ChatCard';

/** The formatters' golden messages: what the preview would receive for a TAG_PUSH. */
const body = (golden: Record<string, { body: unknown }>) => JSON.stringify(golden.TAG_PUSH.body);

describe('ChatCard', () => {
  it('reads a Slack Block Kit message', () => {
    const lines = cardLines('slack', body(slack));
    expect(lines[0].text).toBe('ℹ️ Tag pushed: acme/payments-api:2.4.1');
    expect(lines).toContainEqual({ label: 'Event', text: 'TAG_PUSH' });
  });

  it('reads a Teams Adaptive Card, facts as label and value', () => {
    const lines = cardLines('teams', body(teams));
    expect(lines[0].text).toContain('Tag pushed: acme/payments-api:2.4.1');
    expect(lines).toContainEqual({ label: 'Event', text: 'TAG_PUSH' });
  });

  it('reads Discord embeds, fields as label and value', () => {
    const lines = cardLines('discord', body(discord));
    expect(lines[0].text).toBe('Tag pushed: acme/payments-api:2.4.1');
    expect(lines).toContainEqual({ label: 'Event', text: 'TAG_PUSH' });
    expect(lines).toContainEqual({ label: 'Tag', text: '2.4.1' });
  });

  it('renders markup as text', () => {
    const hostile = JSON.stringify({
      text: 'x',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '<img src=x onerror=alert(1)>' } }],
    });
    const { container } = render(<ChatCard type="slack" body={hostile} />);
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
  });
});

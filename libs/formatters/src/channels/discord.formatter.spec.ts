import { EVENT_TYPES, type CanonicalEvent } from '@app/events';
import { discordIssues, discordLimitIssues, discordTexts } from '../__fixtures__/channel-checks';
import { FIXTURE_EVENTS, FIXTURE_NOW, fixtureContext } from '../__fixtures__/fixtures';
import { formatEvent, formatPing } from '../registry';
import type { DiscordMessage } from './discord.formatter';

const ctx = fixtureContext('discord');
const discord = (event: CanonicalEvent): DiscordMessage =>
  JSON.parse(formatEvent(event, ctx).body) as DiscordMessage;

describe('DiscordFormatter', () => {
  it.each(EVENT_TYPES)('%s: one embed within Discord’s limits, markdown escaped, no mentions', (type) => {
    const message = discord(FIXTURE_EVENTS[type]);
    expect(message.embeds).toHaveLength(1);
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(discordLimitIssues(message)).toEqual([]);
    for (const text of discordTexts(message)) expect(discordIssues(text)).toEqual([]);
    expect(message.embeds[0].timestamp).toBe(FIXTURE_EVENTS[type].occurredAt);
  });

  it('colours by outcome, links the title to the report, and shows the facts as fields', () => {
    const [embed] = discord(FIXTURE_EVENTS.SCAN_COMPLETED).embeds;
    expect(embed.color).toBe(0xe01e5a);
    expect(embed.url).toBe(FIXTURE_EVENTS.SCAN_COMPLETED.data.reportUrl);
    expect(embed.fields).toEqual(
      expect.arrayContaining([
        { name: 'Repository', value: 'acme/payments\\-api', inline: true },
        { name: 'Vulnerabilities', value: 'Critical 1 · High 4 · Medium 11 · Low 7', inline: false },
      ]),
    );
    expect(discord(FIXTURE_EVENTS.PUSH_MIRRORING).embeds[0].color).toBe(0x2eb67d);
    expect(discord(FIXTURE_EVENTS.QUOTA_WARNING).embeds[0].color).toBe(0xecb22e);
  });

  it('keeps within 6000 characters whatever the event holds', () => {
    const long = '@everyone **x** '.repeat(400);
    const message = discord({
      ...FIXTURE_EVENTS.REPLICATION_COMPLETED,
      source: long.slice(0, 255),
      actor: { name: long.slice(0, 255) },
      data: {
        ...FIXTURE_EVENTS.REPLICATION_COMPLETED.data,
        policy: { name: long.slice(0, 255), description: long.slice(0, 1024) },
        source: { name: long.slice(0, 255), endpoint: long.slice(0, 2048) },
        destination: { name: long.slice(0, 255), endpoint: long.slice(0, 2048) },
      },
    });
    expect(discordLimitIssues(message)).toEqual([]);
    for (const text of discordTexts(message)) expect(discordIssues(text)).toEqual([]);
  });

  it('pings with a test embed', () => {
    const message = JSON.parse(formatPing(ctx, FIXTURE_NOW).body) as DiscordMessage;
    expect(message.embeds[0].title).toBe('Test notification');
    expect(discordLimitIssues(message)).toEqual([]);
  });
});

import fc from 'fast-check';
import { Value } from '@sinclair/typebox/value';
import { CloudEvent, HTTP } from 'cloudevents';
import { ENVELOPE_SCHEMAS, EVENT_TYPE_INFO, EVENT_TYPES, type CanonicalEvent } from '@app/events';
import {
  adaptiveCardIssues,
  discordIssues,
  discordLimitIssues,
  discordTexts,
  slackFieldTexts,
  slackIssues,
  slackLimitIssues,
  teamsIssues,
  teamsTexts,
} from './__fixtures__/channel-checks';
import { FIXTURE_EVENTS, fixtureContext, VARIANTS, type Variant } from './__fixtures__/fixtures';
import type { DiscordMessage } from './channels/discord.formatter';
import type { SlackMessage } from './channels/slack.formatter';
import type { TeamsMessage } from './channels/teams.formatter';
import { isFamily } from './event-view';
import type { FormattedPayload } from './formatter';
import { formatEvent } from './registry';

/** Markup of every channel, HTML, mentions, card templates, emoji, control characters, lone surrogates. */
const SNIPPETS = [
  '*bold*',
  '_italic_',
  '~strike~',
  '`code`',
  '```block```',
  '<!channel>',
  '<!here>',
  '<@U012AB3CD>',
  '@here',
  '@channel',
  '@everyone',
  '&amp;',
  '&lt;',
  '<script>alert(1)</script>',
  '[click](https://evil.example)',
  '<https://evil.example|click>',
  '{{DATE(2017-02-14T06:08:39Z, SHORT)}}',
  '# heading',
  '> quote',
  '- item',
  '1. item',
  '||spoiler||',
  '😀',
  '👍🏽',
  '👨‍👩‍👧',
  '\u0000',
  '\r\n',
  '\\',
  '"',
  '%',
  '\ud800',
  '\u2028',
];
const MARKUP_CHARS = [...'*_~`<>&@[]()#|\\{}!:-+.%" \n\t', '😀', '\u200B'];
const PRINTABLE_ASCII = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i));

/** A hostile string of 1 to `maxLength` UTF-16 units, sometimes as long as allowed. */
function hostile(maxLength: number): fc.Arbitrary<string> {
  const short = Math.min(maxLength, 300);
  return fc
    .oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: short }),
      fc.array(fc.constantFrom(...SNIPPETS), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(' ')),
      fc.string({ unit: fc.constantFrom(...MARKUP_CHARS), minLength: 1, maxLength: short }),
      fc.string({ unit: fc.constantFrom(...MARKUP_CHARS), minLength: maxLength, maxLength }),
    )
    .map((text) => text.slice(0, maxLength))
    .filter((text) => text.length > 0);
}

const url = (maxLength: number) =>
  fc.oneof(hostile(maxLength), fc.webUrl({ withQueryParameters: true, withFragments: true }));
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const count = fc.nat({ max: 1_000_000 });

/** Family data with hostile strings wherever the schema allows any text. */
function withHostileData(event: CanonicalEvent): fc.Arbitrary<CanonicalEvent> {
  if (isFamily(event, 'artifact')) {
    return fc
      .record({ author: hostile(255), os: hostile(64), architecture: hostile(64), policy: hostile(255) })
      .map(({ author, os, architecture, policy }) => ({
        ...event,
        data: {
          ...event.data,
          author,
          os,
          architecture,
          promotion: event.data.promotion && { ...event.data.promotion, policy },
        },
      }));
  }
  if (isFamily(event, 'chart')) {
    return fc
      .record({ name: hostile(255), version: hostile(128) })
      .map((chart) => ({ ...event, data: { ...event.data, chart } }));
  }
  if (isFamily(event, 'scan')) {
    return fc
      .record({
        error: hostile(4096),
        name: hostile(255),
        version: hostile(255),
        reportUrl: url(2048),
        summary: fc.record({
          total: count,
          fixable: count,
          critical: count,
          high: count,
          medium: count,
          low: count,
        }),
      })
      .map(({ error, name, version, reportUrl, summary }) => ({
        ...event,
        data: { ...event.data, error, reportUrl, summary, scanner: { name, version } },
      }));
  }
  if (isFamily(event, 'replication')) {
    return fc
      .record({
        policy: hostile(255),
        description: hostile(1024),
        sourceName: hostile(255),
        destinationName: hostile(255),
        endpoint: hostile(2048),
        error: hostile(4096),
      })
      .map(({ policy, description, sourceName, destinationName, endpoint, error }) => ({
        ...event,
        data: {
          ...event.data,
          policy: { ...event.data.policy, name: policy, description },
          source: { ...event.data.source, name: sourceName, endpoint },
          destination: { ...event.data.destination, name: destinationName },
          failed: [{ repository: 'acme/ledger', tags: ['0.9.0'], error }],
        },
      }));
  }
  if (isFamily(event, 'quota')) {
    return fc
      .record({
        message: hostile(4096),
        percentage: fc.double({ min: 0, max: 1e12, noNaN: true, noDefaultInfinity: true }),
        used: fc.integer({ min: -1, max: Number.MAX_SAFE_INTEGER }),
        hard: fc.integer({ min: -1, max: Number.MAX_SAFE_INTEGER }),
      })
      .map(({ message, percentage, used, hard }) => ({
        ...event,
        data: { ...event.data, message, percentage, used: { storage: used }, hard: { storage: hard } },
      }));
  }
  if (isFamily(event, 'repository')) {
    return fc
      .record({ description: hostile(4096), changed: fc.array(hostile(64), { maxLength: 5 }) })
      .map(({ description, changed }) => ({ ...event, data: { ...event.data, description, changed } }));
  }
  if (isFamily(event, 'system')) {
    return fc
      .record({ scannerVersion: hostile(64), dbVersion: hostile(64), success: fc.boolean() })
      .map((fields) => ({ ...event, data: { ...event.data, ...fields } }));
  }
  throw new Error('an event of no known family');
}

/** Valid canonical events of every type, hostile wherever the schema allows free text. */
const validEvent: fc.Arbitrary<CanonicalEvent> = fc.constantFrom(...EVENT_TYPES).chain((type) =>
  fc
    .tuple(
      withHostileData(FIXTURE_EVENTS[type]),
      fc.record({
        id: fc.string({ unit: fc.constantFrom(...PRINTABLE_ASCII), minLength: 1, maxLength: 128 }),
        source: hostile(255),
        actor: optional(fc.record({ name: hostile(255) })),
        useragent: hostile(1024),
        url: optional(url(2048)),
      }),
    )
    .map(([event, { id, source, actor, useragent, url }]) => {
      const request = event.request && { ...event.request, useragent };
      const target = event.target && { ...event.target, url };
      return { ...event, id, source, actor, request, target } as CanonicalEvent;
    }),
);

/** Beyond the schema: tags up to 10 KB of hostile text. Formatters must still not break. */
const oversizedTagEvent: fc.Arbitrary<CanonicalEvent> = fc
  .tuple(
    validEvent,
    fc.string({ unit: fc.constantFrom(...MARKUP_CHARS, 'a', 'é'), minLength: 1, maxLength: 10_240 }),
  )
  .map(
    ([event, tag]) => ({ ...event, target: { namespace: 'acme', ...event.target, tag } }) as CanonicalEvent,
  );

/** Legal HTTP field values: no control characters but tab. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function checkPayload(variant: Variant, payload: FormattedPayload): void {
  for (const [name, value] of Object.entries(payload.headers)) {
    expect(name).toBe(name.toLowerCase());
    expect(value).toMatch(HEADER_VALUE);
  }
  expect(payload.headers['content-type']).toBeDefined();
  const body: unknown = JSON.parse(payload.body);
  if (variant === 'slack') {
    const message = body as SlackMessage;
    expect(slackLimitIssues(message)).toEqual([]);
    for (const text of slackFieldTexts(message))
      expect(slackIssues(text.slice(text.indexOf('\n') + 1))).toEqual([]);
    expect(slackIssues(message.text)).toEqual([]);
  } else if (variant === 'teams') {
    const message = body as TeamsMessage;
    expect(adaptiveCardIssues(message)).toEqual([]);
    for (const text of teamsTexts(message)) expect(teamsIssues(text)).toEqual([]);
  } else if (variant === 'discord') {
    const message = body as DiscordMessage;
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(discordLimitIssues(message)).toEqual([]);
    for (const text of discordTexts(message)) expect(discordIssues(text)).toEqual([]);
  } else if (variant === 'cloudevents' || variant === 'cloudevents-binary') {
    const event = HTTP.toEvent({ headers: payload.headers, body: payload.body });
    if (!(event instanceof CloudEvent)) throw new Error('expected one CloudEvent');
    expect(event.validate()).toBe(true);
  }
}

describe('every format, fed arbitrary events', () => {
  it('the arbitrary events are valid canonical events', () => {
    fc.assert(
      fc.property(validEvent, (event) => {
        const schema = ENVELOPE_SCHEMAS[EVENT_TYPE_INFO[event.type].family];
        expect([...Value.Errors(schema, event)].map((error) => `${error.path}: ${error.message}`)).toEqual(
          [],
        );
      }),
      { numRuns: 300 },
    );
  });

  describe.each(VARIANTS)('%s', (variant) => {
    const ctx = fixtureContext(variant);

    it('never throws, emits JSON and legal headers, and escapes chat markup', () => {
      fc.assert(
        fc.property(validEvent, (event) => checkPayload(variant, formatEvent(event, ctx))),
        { numRuns: 150 },
      );
    });

    it('holds with 10 KB hostile tags, beyond what the schema allows', () => {
      fc.assert(
        fc.property(oversizedTagEvent, (event) => checkPayload(variant, formatEvent(event, ctx))),
        { numRuns: 40 },
      );
    });
  });
});

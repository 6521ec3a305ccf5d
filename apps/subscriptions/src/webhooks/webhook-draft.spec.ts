import { WebhookFieldsDto } from './dto/create-webhook.dto';
import {
  canonicalEvents,
  canonicalScope,
  CHAT_RATE_LIMIT_PER_SECOND,
  DraftError,
  toDraft,
  toFields,
} from './webhook-draft';
import { WebhookEntity } from './webhook.entity';
import { scopeColumns } from './webhook.mapper';

const input = (overrides: Partial<WebhookFieldsDto> = {}): WebhookFieldsDto => ({
  name: 'buildhook01',
  scope: { type: 'repository', repository: 'foo/bar' },
  events: ['TAG_PUSH'],
  target: { type: 'http', url: 'https://ci.example.com/hooks' },
  ...overrides,
});

describe('canonicalEvents', () => {
  it('maps aliases to canonical names, keeps first-seen order and drops duplicates', () => {
    expect(
      canonicalEvents([
        'PUSH_ARTIFACT',
        'TAG_PUSH',
        'push',
        'MANIFEST_PUSH',
        'SCANNING_COMPLETED',
        'chart_push',
      ]),
    ).toEqual(['MANIFEST_PUSH', 'TAG_PUSH', 'SCAN_COMPLETED', 'CHART_PUSH']);
  });

  it('refuses unknown names', () => {
    expect(() => canonicalEvents(['TAG_PUSH', 'tag_push'])).toThrow(DraftError);
  });
});

describe('canonicalScope', () => {
  it.each([
    ['foo/bar:v*', { type: 'repository', repository: 'foo/bar', tag: 'v*' }],
    ['foo/bar:*', { type: 'repository', repository: 'foo/bar' }],
    ['foo/bar', { type: 'repository', repository: 'foo/bar' }],
    ['foo', { type: 'namespace', namespace: 'foo' }],
    [{ type: 'global' }, { type: 'global' }],
  ])('%j → %j', (given, expected) => {
    expect(canonicalScope(given as never)).toEqual(expected);
  });
});

describe('toDraft', () => {
  it('applies defaults', () => {
    expect(toDraft(input())).toEqual({
      name: 'buildhook01',
      description: null,
      scope: { type: 'repository', repository: 'foo/bar' },
      events: ['TAG_PUSH'],
      target: { type: 'http', url: 'https://ci.example.com/hooks', headers: {}, verifyTls: true },
      authorization: null,
      format: 'default',
      cloudEventsMode: null,
      enabled: true,
      retryScheduleMs: null,
      ordered: false,
      rateLimitPerSecond: null,
    });
  });

  it('canonicalises the ACR scope string and aliases, parses the retry schedule', () => {
    const draft = toDraft(
      input({
        scope: 'foo/bar:release-*',
        events: ['PUSH_ARTIFACT', 'MANIFEST_PUSH'],
        retry: { schedule: ['500ms', '5s', '1m'] },
      }),
    );
    expect(draft.scope).toEqual({ type: 'repository', repository: 'foo/bar', tag: 'release-*' });
    expect(draft.events).toEqual(['MANIFEST_PUSH']);
    expect(draft.retryScheduleMs).toEqual([500, 5000, 60000]);
  });

  it('rate-limits chat targets to one per second unless told otherwise', () => {
    const slack = { type: 'slack' as const, url: 'https://hooks.slack.com/services/x' };
    expect(toDraft(input({ target: slack })).rateLimitPerSecond).toBe(CHAT_RATE_LIMIT_PER_SECOND);
    expect(toDraft(input({ target: slack, rateLimitPerSecond: 0.5 })).rateLimitPerSecond).toBe(0.5);
    expect(toDraft(input({ target: { ...slack, type: 'teams' } })).rateLimitPerSecond).toBe(1);
  });

  it('keeps the Authorization value out of the stored target', () => {
    const draft = toDraft(
      input({
        target: { type: 'http', url: 'https://x.example.com', authorization: 'Bearer abc', caCert: null },
      }),
    );
    expect(draft.authorization).toBe('Bearer abc');
    expect(draft.target).toEqual({
      type: 'http',
      url: 'https://x.example.com',
      headers: {},
      verifyTls: true,
    });
  });

  it.each([
    [
      { type: 'repository', repository: 'foo/bar' },
      ['QUOTA_EXCEEDED'],
      /QUOTA_EXCEEDED is a namespace-scope event/,
    ],
    [
      { type: 'repository', repository: 'foo/bar' },
      ['REPO_CREATED'],
      /REPO_CREATED is a namespace-scope event/,
    ],
    [
      { type: 'namespace', namespace: 'foo' },
      ['SCANNER_UPDATE_COMPLETED'],
      /SCANNER_UPDATE_COMPLETED is a global-scope event/,
    ],
  ])('refuses a scope narrower than the event (%j, %j)', (scope, events, expected) => {
    expect(() => toDraft(input({ scope: scope as never, events }))).toThrow(expected);
  });

  it('allows a scope wider than the event', () => {
    expect(
      toDraft(
        input({
          scope: { type: 'global' },
          events: ['TAG_PUSH', 'QUOTA_WARNING', 'SCANNER_UPDATE_COMPLETED'],
        }),
      ).events,
    ).toHaveLength(3);
    expect(toDraft(input({ scope: 'foo', events: ['TAG_PUSH', 'QUOTA_WARNING'] })).scope).toEqual({
      type: 'namespace',
      namespace: 'foo',
    });
  });
});

describe('toFields', () => {
  it('turns a stored webhook back into input that drafts to the same fields (an empty PATCH changes nothing)', () => {
    const draft = toDraft(
      input({
        scope: 'foo/bar:v*',
        description: 'CI',
        target: {
          type: 'teams',
          url: 'https://x.example.com',
          headers: { 'X-A': '1' },
          authorization: 'Basic abc',
          verifyTls: false,
        },
        format: 'harbor',
        cloudEventsMode: 'structured',
        enabled: false,
        retry: { schedule: ['1500ms', '2m'] },
        ordered: true,
      }),
    );
    const { scope, ...fields } = draft;
    const stored = Object.assign(new WebhookEntity(), { ...fields, ...scopeColumns(scope) });
    expect(toDraft(toFields(stored))).toEqual(draft);
  });
});

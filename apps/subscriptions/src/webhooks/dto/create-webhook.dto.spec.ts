import { BadRequestException } from '@nestjs/common';
import { validateAs } from '../../common/validation';
import { BulkWebhooksDto } from './bulk-webhooks.dto';
import { CreateWebhookDto } from './create-webhook.dto';
import { ListWebhooksQuery } from './list-webhooks.query';
import { RotateSecretDto } from './rotate-secret.dto';
import { UpdateWebhookDto } from './update-webhook.dto';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----\n';

const valid = () => ({
  name: 'buildhook01',
  description: 'CI trigger',
  scope: { type: 'repository', repository: 'foo/bar', tag: 'v*' },
  events: ['TAG_PUSH', 'SCANNING_COMPLETED'],
  target: {
    type: 'http',
    url: 'https://ci.example.com/hooks',
    headers: { 'X-Team': 'build' } as Record<string, string>,
    authorization: 'Bearer abc',
    verifyTls: true,
    caCert: PEM,
  },
  format: 'cloudevents',
  cloudEventsMode: 'binary',
  enabled: true,
  retry: { schedule: ['5s', '1m', '2h'] },
  ordered: true,
  rateLimitPerSecond: 2.5,
  secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
});

async function messageFor(type: Parameters<typeof validateAs>[0], body: unknown): Promise<string> {
  const error = await validateAs(type, body).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BadRequestException);
  return (error as BadRequestException).message;
}

const withChange = (change: (body: ReturnType<typeof valid>) => void) => {
  const body = valid();
  change(body);
  return body;
};

describe('CreateWebhookDto', () => {
  it('accepts a complete valid body', async () => {
    await expect(validateAs(CreateWebhookDto, valid())).resolves.toBeInstanceOf(CreateWebhookDto);
  });

  it('accepts a minimal body and the ACR scope string', async () => {
    const minimal = {
      name: 'hook1',
      scope: 'foo/bar:v*',
      events: ['push'],
      target: { type: 'slack', url: 'https://hooks.slack.com/x' },
    };
    await expect(validateAs(CreateWebhookDto, minimal)).resolves.toMatchObject({ name: 'hook1' });
  });

  const invalid: [string, unknown, RegExp][] = [
    [
      'a short name',
      withChange((b) => (b.name = 'abc')),
      /^name must be 5 to 50 lowercase letters and digits$/,
    ],
    ['an upper-case name', withChange((b) => (b.name = 'BuildHook')), /^name must be 5 to 50/],
    ['a name with symbols', withChange((b) => (b.name = 'build-hook')), /^name must be 5 to 50/],
    ['a 51-character name', withChange((b) => (b.name = 'a'.repeat(51))), /^name must be 5 to 50/],
    ['a missing name', withChange((b) => delete (b as Partial<typeof b>).name), /^name must be/],
    [
      'a long description',
      withChange((b) => (b.description = 'x'.repeat(1001))),
      /^description must be shorter than or equal to 1000/,
    ],
    [
      'a NUL in the description',
      withChange((b) => (b.description = 'a\u0000b')),
      /^description must not contain control characters$/,
    ],
    [
      'an ftp URL',
      withChange((b) => (b.target.url = 'ftp://example.com/x')),
      /^target\.url must be an http or https URL$/,
    ],
    [
      'a relative URL',
      withChange((b) => (b.target.url = '/hooks')),
      /^target\.url must be an http or https URL$/,
    ],
    [
      'a URL with a space',
      withChange((b) => (b.target.url = 'https://example.com/a b')),
      /^target\.url must be an http or https URL$/,
    ],
    [
      'a very long URL',
      withChange((b) => (b.target.url = `https://example.com/${'a'.repeat(2048)}`)),
      /^target\.url must be at most 2048 characters$/,
    ],
    [
      'a numeric URL',
      withChange((b) => ((b.target as Record<string, unknown>).url = 42)),
      /^target\.url must be an http or https URL$/,
    ],
    [
      'an unknown target type',
      withChange((b) => (b.target.type = 'email')),
      /^target\.type must be one of http, slack, teams, discord$/,
    ],
    [
      'an unknown event',
      withChange((b) => (b.events = ['TAG_PUSH', 'NOPE'])),
      /^events contains unknown event types: "NOPE"/,
    ],
    ['empty events', withChange((b) => (b.events = [])), /^events must contain at least one event type$/],
    [
      'events as a string',
      withChange((b) => ((b as Record<string, unknown>).events = 'TAG_PUSH')),
      /^events must be an array/,
    ],
    [
      'a scope with a bad type',
      withChange((b) => ((b as Record<string, unknown>).scope = { type: 'planet' })),
      /^scope/,
    ],
    [
      'a scope missing its repository',
      withChange((b) => ((b as Record<string, unknown>).scope = { type: 'repository' })),
      /^scope\.repository is required$/,
    ],
    [
      'an upper-case repository',
      withChange((b) => ((b as Record<string, unknown>).scope = 'Foo/Bar')),
      /^scope\.repository must match/,
    ],
    [
      'a scope that is a number',
      withChange((b) => ((b as Record<string, unknown>).scope = 7)),
      /^scope must be \{"type":"global"\}/,
    ],
    [
      'a CR/LF header value',
      withChange((b) => (b.target.headers = { 'X-Team': 'a\r\nX-Evil: 1' })),
      /^target\.headers\.X-Team must not contain CR, LF, NUL/,
    ],
    [
      'a NUL header value',
      withChange((b) => (b.target.headers = { 'X-Team': 'a\u0000' })),
      /^target\.headers\.X-Team must not contain CR, LF, NUL/,
    ],
    [
      'a header name with a space',
      withChange((b) => (b.target.headers = { 'X Team': 'a' })),
      /^target\.headers\.X Team is not a valid header name/,
    ],
    [
      'a header name with CR/LF',
      withChange((b) => (b.target.headers = { 'X-A\r\nB': 'a' })),
      /^target\.headers\.X-A\\r\\nB is not a valid header name/,
    ],
    [
      'a reserved Host header',
      withChange((b) => (b.target.headers = { Host: 'evil.example.com' })),
      /^target\.headers\.Host is set by the dispatcher/,
    ],
    [
      'a reserved Content-Type header',
      withChange((b) => (b.target.headers = { 'content-type': 'text/plain' })),
      /^target\.headers\.content-type is set by the dispatcher/,
    ],
    [
      'an overridden signature header',
      withChange((b) => (b.target.headers = { 'Webhook-Signature': 'v1,x' })),
      /^target\.headers\.Webhook-Signature is set by the dispatcher/,
    ],
    [
      'an Authorization custom header',
      withChange((b) => (b.target.headers = { Authorization: 'x' })),
      /^target\.headers\.Authorization is set with target\.authorization/,
    ],
    [
      'a header value that is not a string',
      withChange((b) => ((b.target as Record<string, unknown>).headers = { 'X-N': 1 })),
      /^target\.headers\.X-N must be a string$/,
    ],
    [
      'headers as an array',
      withChange((b) => ((b.target as Record<string, unknown>).headers = ['X-A: b'])),
      /^target\.headers must be an object/,
    ],
    [
      'an authorization with LF',
      withChange((b) => (b.target.authorization = 'Bearer a\nX-Evil: 1')),
      /^target\.authorization must not contain CR, LF/,
    ],
    [
      'a caCert that is not PEM',
      withChange((b) => (b.target.caCert = 'hello')),
      /^target\.caCert must be a PEM certificate/,
    ],
    [
      'verifyTls as a string',
      withChange((b) => ((b.target as Record<string, unknown>).verifyTls = 'false')),
      /^target\.verifyTls must be a boolean value$/,
    ],
    [
      'an unknown format',
      withChange((b) => (b.format = 'xml')),
      /^format must be one of default, cloudevents, harbor, dtr, acr, distribution$/,
    ],
    [
      'an unknown CloudEvents mode',
      withChange((b) => (b.cloudEventsMode = 'batched')),
      /^cloudEventsMode must be structured or binary$/,
    ],
    [
      'a bad retry duration',
      withChange((b) => (b.retry = { schedule: ['5s', 'soon'] })),
      /^retry\.schedule\.1 must be a duration/,
    ],
    [
      'a retry delay over a day',
      withChange((b) => (b.retry = { schedule: ['25h'] })),
      /^retry\.schedule\.0 must be at most 24h$/,
    ],
    [
      'a zero rate limit',
      withChange((b) => (b.rateLimitPerSecond = 0)),
      /^rateLimitPerSecond must not be less than 0\.001$/,
    ],
    [
      'a string rate limit',
      withChange((b) => ((b as Record<string, unknown>).rateLimitPerSecond = '5')),
      /^rateLimitPerSecond must be a number/,
    ],
    [
      'enabled as null',
      withChange((b) => ((b as Record<string, unknown>).enabled = null)),
      /^enabled must be a boolean value$/,
    ],
    [
      'a malformed secret',
      withChange((b) => (b.secret = 'whsec_short')),
      /^secret must be whsec_ followed by the base64 of 24 to 64 random bytes$/,
    ],
    [
      'a secret without prefix',
      withChange((b) => (b.secret = Buffer.alloc(32).toString('base64'))),
      /^secret must be whsec_/,
    ],
    [
      'an unknown top-level property',
      withChange((b) => ((b as Record<string, unknown>).colour = 'red')),
      /^colour is not an allowed property$/,
    ],
    [
      'an unknown target property',
      withChange((b) => ((b.target as Record<string, unknown>).method = 'PUT')),
      /^target\.method is not an allowed property$/,
    ],
    [
      'target as a string',
      withChange((b) => ((b as Record<string, unknown>).target = 'https://x')),
      /^target must be an object$/,
    ],
    [
      'target as an array',
      withChange((b) => ((b as Record<string, unknown>).target = [valid().target])),
      /^target must be an object$/,
    ],
  ];

  it.each(invalid)('refuses %s, naming the field', async (_case, body, expected) => {
    expect(await messageFor(CreateWebhookDto, body)).toMatch(expected);
  });

  it('refuses a body that is not an object', async () => {
    expect(await messageFor(CreateWebhookDto, 'hello')).toBe('the body must be a JSON object');
  });
});

describe('UpdateWebhookDto', () => {
  it('accepts any subset, including a partial target', async () => {
    await expect(
      validateAs(UpdateWebhookDto, { target: { url: 'https://other.example.com' } }),
    ).resolves.toBeDefined();
    await expect(validateAs(UpdateWebhookDto, {})).resolves.toBeDefined();
  });

  it('applies the same rules to the fields it is given', async () => {
    expect(await messageFor(UpdateWebhookDto, { name: 'x' })).toMatch(/^name must be 5 to 50/);
    expect(await messageFor(UpdateWebhookDto, { target: { url: 'gopher://x' } })).toMatch(
      /^target\.url must be an http or https URL$/,
    );
    expect(await messageFor(UpdateWebhookDto, { target: { headers: { Host: 'x' } } })).toMatch(
      /^target\.headers\.Host/,
    );
    expect(await messageFor(UpdateWebhookDto, { secret: valid().secret })).toMatch(
      /^secret is not an allowed property$/,
    );
  });
});

describe('BulkWebhooksDto', () => {
  const id = '0b4bd4a6-0cde-4c55-8d43-6b9a7a7f4b0e';
  it('accepts an action with 1..100 distinct ids', async () => {
    await expect(validateAs(BulkWebhooksDto, { action: 'disable', ids: [id] })).resolves.toBeDefined();
  });
  it.each([
    [{ action: 'explode', ids: [id] }, /^action must be one of enable, disable, delete$/],
    [{ action: 'enable', ids: [] }, /^ids must contain at least 1 elements$/],
    [{ action: 'enable', ids: ['nope'] }, /^ids must contain only UUIDs$/],
    [{ action: 'enable', ids: [id, id] }, /^ids must not contain duplicates$/],
    [
      {
        action: 'enable',
        ids: Array.from({ length: 101 }, (_, i) => id.replace(/..$/, i.toString(16).padStart(2, '0'))),
      },
      /^ids must contain no more than 100 elements/,
    ],
  ])('refuses %#', async (body, expected) => {
    expect(await messageFor(BulkWebhooksDto, body)).toMatch(expected);
  });
});

describe('RotateSecretDto', () => {
  it('takes an optional valid secret', async () => {
    await expect(validateAs(RotateSecretDto, {})).resolves.toBeDefined();
    expect(await messageFor(RotateSecretDto, { secret: null })).toMatch(/^secret must be a string$/);
    expect(await messageFor(RotateSecretDto, { secret: 'whsec_' })).toMatch(/^secret must be whsec_/);
  });
});

describe('ListWebhooksQuery', () => {
  it('converts paging numbers and checks filters', async () => {
    await expect(
      validateAs(ListWebhooksQuery, { page: '2', pageSize: '50', event: 'PUSH_ARTIFACT', enabled: 'true' }),
    ).resolves.toMatchObject({
      page: 2,
      pageSize: 50,
    });
    expect(await messageFor(ListWebhooksQuery, { pageSize: '101' })).toMatch(
      /^pageSize must not be greater than 100$/,
    );
    expect(await messageFor(ListWebhooksQuery, { page: '0' })).toMatch(/^page must not be less than 1$/);
    expect(await messageFor(ListWebhooksQuery, { page: 'two' })).toMatch(/^page must be a whole number$/);
    expect(await messageFor(ListWebhooksQuery, { event: 'NOPE' })).toMatch(
      /^event must be an event type name or alias/,
    );
    expect(await messageFor(ListWebhooksQuery, { enabled: 'yes' })).toMatch(
      /^enabled must be true or false$/,
    );
    expect(await messageFor(ListWebhooksQuery, { namespace: 'Foo' })).toMatch(
      /^namespace must be a namespace name/,
    );
    expect(await messageFor(ListWebhooksQuery, { repository: 'foo' })).toMatch(
      /^repository must be a repository path/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { WEBHOOK } from './test-fixtures';
import { ADMIN } from './test-support';
import {
  createBody,
  emptyForm,
  fieldOfMessage,
  FormError,
  formFromWebhook,
  parseHeaders,
  patchBody,
  previewBody,
} from './webhook-form';

describe('webhook form', () => {
  it('turns the inputs into a create request', () => {
    const form = {
      ...emptyForm(ADMIN),
      name: 'buildhook01',
      repository: 'foo/bar',
      tag: 'v*',
      events: ['TAG_PUSH' as const],
      url: ' https://ci.example.com/hooks ',
      headers: 'X-Team: build\n\nX-Trace:  a:b ',
      authorization: 'Bearer abc',
      retry: '10s, 1m,, 1h',
      format: 'cloudevents' as const,
      cloudEventsMode: 'binary' as const,
    };
    expect(createBody(form)).toEqual({
      name: 'buildhook01',
      description: null,
      scope: { type: 'repository', repository: 'foo/bar', tag: 'v*' },
      events: ['TAG_PUSH'],
      target: {
        type: 'http',
        url: 'https://ci.example.com/hooks',
        headers: { 'X-Team': 'build', 'X-Trace': 'a:b' },
        authorization: 'Bearer abc',
        verifyTls: true,
        caCert: null,
      },
      format: 'cloudevents',
      cloudEventsMode: 'binary',
      retry: { schedule: ['10s', '1m', '1h'] },
      ordered: false,
      enabled: true,
    });
  });

  it('leaves the format out for chat targets and the schedule to the service when empty', () => {
    const body = createBody({
      ...emptyForm(ADMIN),
      targetType: 'slack',
      scopeType: 'global',
      url: 'https://hooks.slack.com/x',
    });
    expect(body).not.toHaveProperty('format');
    expect(body).toMatchObject({ scope: { type: 'global' }, retry: null, cloudEventsMode: null });
  });

  it('names the headers line it cannot read', () => {
    expect(() => parseHeaders('X-Team: build\nnot a header')).toThrow(
      new FormError('headers', 'Headers line 2 must be "Name: value"'),
    );
  });

  it('edits without sending back masked or redacted values', () => {
    const form = formFromWebhook(WEBHOOK);
    expect(form).toMatchObject({
      tag: 'v*',
      headers: 'X-Team: build\nX-Api-Token: [redacted]',
      retry: '10s, 1m',
      authorization: '',
    });
    const unchanged = patchBody({ ...form, name: 'renamed01' }, WEBHOOK);
    expect(unchanged.name).toBe('renamed01');
    expect(unchanged.target).toEqual({
      type: 'http',
      url: 'https://ci.example.com/hooks',
      verifyTls: true,
      caCert: null,
    });

    expect(() => patchBody({ ...form, headers: 'X-Team: ops\nX-Api-Token: [redacted]' }, WEBHOOK)).toThrow(
      'Type the value of X-Api-Token again: it is shown as [redacted]',
    );
    const retyped = patchBody(
      { ...form, headers: 'X-Team: ops\nX-Api-Token: s3cret', authorization: 'Bearer new' },
      WEBHOOK,
    );
    expect(retyped.target).toMatchObject({
      headers: { 'X-Team': 'ops', 'X-Api-Token': 's3cret' },
      authorization: 'Bearer new',
    });
    expect(patchBody({ ...form, removeAuthorization: true }, WEBHOOK).target).toMatchObject({
      authorization: null,
    });
  });

  it('previews with what shapes the request, even half filled in', () => {
    expect(
      previewBody({ ...emptyForm(ADMIN), headers: 'broken', targetType: 'teams' }, 'QUOTA_EXCEEDED'),
    ).toEqual({
      eventType: 'QUOTA_EXCEEDED',
      draft: { target: { type: 'teams', headers: {} } },
    });
  });

  it('finds the field an API message is about', () => {
    expect(fieldOfMessage('target.url must not point at 127.0.0.1 (loopback)')).toBe('url');
    expect(fieldOfMessage('target.headers.X-Team must not contain CR')).toBe('headers');
    expect(fieldOfMessage('name must be 5 to 50 lowercase letters and digits')).toBe('name');
    expect(fieldOfMessage('retry.schedule.0 must be a duration')).toBe('retry');
    expect(fieldOfMessage('you may not manage webhooks for repository x/y')).toBeUndefined();
  });
});

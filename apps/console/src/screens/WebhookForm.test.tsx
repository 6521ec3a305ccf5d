import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderSignedIn } from '../test-support';
import { CATALOGUE, WEBHOOK } from '../test-fixtures';
import { WebhookForm } from './WebhookForm';

const preview = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => ({
  body: {
    eventType: 'TAG_PUSH',
    request: { method: 'POST', url: 'https://ci.example.com/hooks', headers, body },
  },
});

describe('New webhook', () => {
  it('creates a webhook from every field, previewing the request as it goes', async () => {
    const api = fakeApi({
      'GET /event-types': { body: CATALOGUE },
      'POST /webhooks/preview': preview('{"type":"TAG_PUSH","id":"01"}', {
        'content-type': 'application/json',
        'x-team': 'build',
      }),
      'POST /webhooks': {
        status: 201,
        body: { ...WEBHOOK, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      },
    });
    const user = userEvent.setup();
    renderSignedIn(<WebhookForm />, { path: '/webhooks/new' });

    await user.type(await screen.findByLabelText('Name'), 'buildhook01');
    await user.type(screen.getByLabelText('Description'), 'Triggers CI');
    expect(screen.getByRole('option', { name: 'global: every repository' })).toBeTruthy();
    await user.type(screen.getByLabelText('Repository'), 'foo/bar');
    await user.type(screen.getByLabelText('Tag filter'), 'v*');
    const artifacts = screen.getByRole('group', { name: 'Images and manifests' });
    await user.click(within(artifacts).getByRole('checkbox', { name: 'TAG_PUSH' }));
    expect(screen.getByRole('checkbox', { name: 'QUOTA_EXCEEDED' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText(/QUOTA_EXCEEDED happened\. \(needs a namespace or global scope\)/)).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Target type'), 'http');
    await user.type(screen.getByLabelText('URL'), 'https://ci.example.com/hooks');
    await user.type(screen.getByLabelText('Headers'), 'X-Team: build');
    await user.type(screen.getByLabelText('Authorization'), 'Bearer abc');
    await user.click(screen.getByRole('checkbox', { name: 'Verify TLS' }));
    await user.selectOptions(screen.getByLabelText('Format'), 'harbor');
    await user.type(screen.getByLabelText('Retry schedule'), '10s, 1m');
    await user.click(screen.getByRole('checkbox', { name: 'Ordered' }));
    expect(screen.getByLabelText('CA certificate')).toBeTruthy();

    const previewRegion = screen.getByRole('region', { name: 'Preview' });
    await waitFor(() =>
      expect(within(previewRegion).getByLabelText('Preview body').textContent).toContain(
        '"type": "TAG_PUSH"',
      ),
    );
    await waitFor(() => {
      const last = api.calls.filter((call) => call.path === '/webhooks/preview').at(-1)!;
      expect(last.body).toEqual({
        eventType: 'TAG_PUSH',
        draft: {
          target: {
            type: 'http',
            url: 'https://ci.example.com/hooks',
            headers: { 'X-Team': 'build' },
            authorization: 'Bearer abc',
          },
          format: 'harbor',
        },
      });
    });

    await user.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(window.location.pathname).toBe(`/console/webhooks/${WEBHOOK.id}`));
    expect(api.calls.find((call) => call.method === 'POST' && call.path === '/webhooks')!.body).toEqual({
      name: 'buildhook01',
      description: 'Triggers CI',
      scope: { type: 'repository', repository: 'foo/bar', tag: 'v*' },
      events: ['TAG_PUSH'],
      target: {
        type: 'http',
        url: 'https://ci.example.com/hooks',
        headers: { 'X-Team': 'build' },
        authorization: 'Bearer abc',
        verifyTls: false,
        caCert: null,
      },
      format: 'harbor',
      cloudEventsMode: null,
      retry: { schedule: ['10s', '1m'] },
      ordered: true,
      enabled: true,
    });
  });

  it('shows the API’s 400 and marks the field it names', async () => {
    fakeApi({
      'GET /event-types': { body: CATALOGUE },
      'POST /webhooks/preview': preview('{}'),
      'POST /webhooks': {
        status: 400,
        body: {
          statusCode: 400,
          error: 'Bad Request',
          message: 'target.url must not point at 10.0.0.1 (private)',
        },
      },
    });
    const user = userEvent.setup();
    renderSignedIn(<WebhookForm />, { path: '/webhooks/new' });
    await user.type(await screen.findByLabelText('Name'), 'privatehook');
    await user.type(screen.getByLabelText('URL'), 'http://10.0.0.1/hook');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'target.url must not point at 10.0.0.1 (private) (400)',
    );
    expect(screen.getByLabelText('URL').getAttribute('aria-invalid')).toBe('true');
  });

  it('offers a repository admin only its own scope and previews a chat card', async () => {
    fakeApi({
      'GET /event-types': { body: CATALOGUE },
      'POST /webhooks/preview': preview(
        JSON.stringify({
          text: 'Tag pushed',
          blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Tag pushed: foo/bar:1.0' } }],
        }),
      ),
    });
    const user = userEvent.setup();
    renderSignedIn(<WebhookForm />, {
      path: '/webhooks/new',
      caller: { subject: 'rita', admin: false, namespaces: [], repositories: ['foo/bar'] },
    });
    expect(((await screen.findByLabelText('Repository')) as HTMLInputElement).value).toBe('foo/bar');
    expect(
      within(screen.getByLabelText('Scope'))
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['repository']);
    await user.selectOptions(screen.getByLabelText('Target type'), 'slack');
    expect(screen.getByLabelText('Format').hasAttribute('disabled')).toBe(true);
    const card = await screen.findByRole('region', { name: 'Slack message' });
    expect(card.textContent).toContain('Tag pushed: foo/bar:1.0');
  });
});

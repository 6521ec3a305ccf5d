import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderSignedIn } from '../test-support';
import { CATALOGUE, STATS, WEBHOOK } from '../test-fixtures';
import { WebhookList } from './WebhookList';

const second = {
  ...WEBHOOK,
  id: '7a2d3b0f-8c5e-4f6a-0b72-1d9e6c3f8a25',
  name: 'slackhook02',
  enabled: false,
  disabledReason: 'endpoint answered 410 Gone',
  target: { ...WEBHOOK.target, type: 'slack' as const, url: 'https://hooks.slack.com/services/T/B/x' },
};

describe('Webhooks', () => {
  it('lists webhooks with status, target, scope, failure rate and last delivery', async () => {
    fakeApi({
      'GET /webhooks': { body: { items: [WEBHOOK, second], total: 2, page: 1, pageSize: 20 } },
      'GET /event-types': { body: CATALOGUE },
      [`GET /webhooks/${WEBHOOK.id}/stats`]: { body: STATS },
      [`GET /webhooks/${second.id}/stats`]: { body: { ...STATS, failureRate: null, lastDelivery: null } },
    });
    renderSignedIn(<WebhookList />);
    const row = (await screen.findByRole('link', { name: 'buildhook01' })).closest('tr')!;
    expect(within(row).getByText('enabled')).toBeTruthy();
    expect(row.textContent).toContain('ci.example.com');
    expect(row.textContent).toContain('foo/bar:v*');
    expect(row.textContent).toContain('TAG_PUSH, SCAN_COMPLETED');
    expect(await within(row).findByText('25 %')).toBeTruthy();
    const other = screen.getByRole('link', { name: 'slackhook02' }).closest('tr')!;
    expect(within(other).getByText('auto-disabled')).toBeTruthy();
    expect(within(other).getByText('endpoint answered 410 Gone')).toBeTruthy();
    expect(await within(other).findByText('never')).toBeTruthy();
  });

  it('passes the filters to the API', async () => {
    const api = fakeApi({
      'GET /webhooks': { body: { items: [], total: 0, page: 1, pageSize: 20 } },
      'GET /event-types': { body: CATALOGUE },
    });
    const user = userEvent.setup();
    renderSignedIn(<WebhookList />);
    await user.type(screen.getByLabelText('Repository'), 'foo/bar');
    await user.selectOptions(screen.getByLabelText('Event type'), 'SCAN_COMPLETED');
    await user.selectOptions(screen.getByLabelText('Status'), 'false');
    await waitFor(() => {
      const last = api.calls.filter((call) => call.path === '/webhooks').at(-1)!;
      expect(Object.fromEntries(last.query)).toMatchObject({
        repository: 'foo/bar',
        event: 'SCAN_COMPLETED',
        enabled: 'false',
      });
    });
    expect(window.location.search).toBe('?repository=foo%2Fbar&event=SCAN_COMPLETED&enabled=false');
    expect(screen.getByText(/match these filters/)).toBeTruthy();
  });

  it('says how many webhooks a bulk action touches before doing it', async () => {
    const api = fakeApi({
      'GET /webhooks': { body: { items: [WEBHOOK, second], total: 2, page: 1, pageSize: 20 } },
      'GET /event-types': { body: CATALOGUE },
      [`GET /webhooks/${WEBHOOK.id}/stats`]: { body: STATS },
      [`GET /webhooks/${second.id}/stats`]: { body: STATS },
      'POST /webhooks/bulk': {
        body: {
          action: 'disable',
          results: [
            { id: WEBHOOK.id, status: 'disabled' },
            { id: second.id, status: 'disabled' },
          ],
        },
      },
    });
    const user = userEvent.setup();
    renderSignedIn(<WebhookList />);
    await user.click(await screen.findByRole('checkbox', { name: 'Select buildhook01' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select slackhook02' }));
    expect(screen.getByText('2 webhooks selected')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Disable' }));

    const dialog = screen.getByRole('dialog', { name: 'Disable 2 webhooks?' });
    expect(within(dialog).getByText('buildhook01')).toBeTruthy();
    expect(api.calls.some((call) => call.path === '/webhooks/bulk')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Disable 2 webhooks' }));

    expect((await screen.findByText('2 webhooks disabled')).getAttribute('role')).toBe('status');
    expect(api.calls.find((call) => call.path === '/webhooks/bulk')!.body).toEqual({
      action: 'disable',
      ids: [WEBHOOK.id, second.id],
    });
  });

  it('does nothing when the confirmation is cancelled', async () => {
    const api = fakeApi({
      'GET /webhooks': { body: { items: [WEBHOOK], total: 1, page: 1, pageSize: 20 } },
      'GET /event-types': { body: CATALOGUE },
      [`GET /webhooks/${WEBHOOK.id}/stats`]: { body: STATS },
    });
    const user = userEvent.setup();
    renderSignedIn(<WebhookList />);
    await user.click(await screen.findByRole('checkbox', { name: 'Select buildhook01' }));
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(
      within(screen.getByRole('dialog', { name: 'Delete 1 webhook?' })).getByRole('button', {
        name: 'Cancel',
      }),
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.calls.some((call) => call.method === 'POST')).toBe(false);
  });
});

import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderSignedIn } from '../test-support';
import { STATS, WEBHOOK } from '../test-fixtures';
import { WebhookDetail } from './WebhookDetail';

const base = (extra: Parameters<typeof fakeApi>[0] = {}) =>
  fakeApi({
    [`GET /webhooks/${WEBHOOK.id}`]: { body: WEBHOOK },
    [`GET /webhooks/${WEBHOOK.id}/last-trigger`]: {
      body: [{ eventType: 'TAG_PUSH', lastTriggeredAt: '2026-11-22T09:59:00.000Z' }],
    },
    [`GET /webhooks/${WEBHOOK.id}/stats`]: { body: STATS },
    ...extra,
  });

describe('Webhook detail', () => {
  it('shows the settings, the last trigger per event type and the deliveries chart', async () => {
    base();
    renderSignedIn(<WebhookDetail id={WEBHOOK.id} />);
    expect(await screen.findByRole('heading', { name: 'buildhook01' })).toBeTruthy();
    expect(screen.getByText('Triggers the CI pipeline')).toBeTruthy();
    const triggers = await screen.findByRole('table', { name: 'Last trigger per event type' });
    expect(within(triggers).getByText('TAG_PUSH')).toBeTruthy();
    const chart = await screen.findByRole('img', {
      name: /^4 deliveries in the last 24 hours, 1 failed \(25 %\)$/,
    });
    expect(chart.querySelectorAll('rect.bar-failed')).toHaveLength(25);
    expect(screen.getByRole('link', { name: 'Deliveries' }).getAttribute('href')).toBe(
      `/console/webhooks/${WEBHOOK.id}/deliveries`,
    );
  });

  it('shows a just-created webhook’s secret with Copy', async () => {
    base();
    const user = userEvent.setup();
    renderSignedIn(<WebhookDetail id={WEBHOOK.id} />, {
      flash: { webhookId: WEBHOOK.id, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
    });
    const secret = await screen.findByRole('region', { name: 'Signing secret' });
    expect(within(secret).getByLabelText('Signing secret').textContent).toBe(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    );
    await user.click(within(secret).getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  });

  it('pings: Success (200) with the duration, the response behind View details', async () => {
    base({
      [`POST /webhooks/${WEBHOOK.id}/ping`]: {
        body: {
          deliveryId: '01JPING',
          success: true,
          statusCode: 200,
          durationMs: 37,
          response: {
            statusCode: 200,
            headers: { 'content-type': 'text/plain' },
            body: 'pong <b>x</b>',
            truncated: false,
          },
          error: null,
        },
      },
    });
    const user = userEvent.setup();
    renderSignedIn(<WebhookDetail id={WEBHOOK.id} />);
    await user.click(await screen.findByRole('button', { name: 'Ping' }));
    expect((await screen.findByText('Success (200)')).closest('p')!.textContent).toContain('37 ms');
    await user.click(screen.getByRole('button', { name: 'View details' }));
    expect(screen.getByLabelText('Ping response body').textContent).toBe('pong <b>x</b>');
  });

  it('reports a ping that got no answer', async () => {
    base({
      [`POST /webhooks/${WEBHOOK.id}/ping`]: {
        body: {
          deliveryId: '01JPING',
          success: false,
          statusCode: null,
          durationMs: 3,
          response: null,
          error: { code: 'connection_refused', message: 'connect ECONNREFUSED 127.0.0.1:9' },
        },
      },
    });
    const user = userEvent.setup();
    renderSignedIn(<WebhookDetail id={WEBHOOK.id} />);
    await user.click(await screen.findByRole('button', { name: 'Ping' }));
    expect(await screen.findByText('Failed: connection_refused')).toBeTruthy();
    expect(screen.getByText('connect ECONNREFUSED 127.0.0.1:9')).toBeTruthy();
  });

  it('recovers failed deliveries since a time and says how many', async () => {
    const api = base({
      [`POST /webhooks/${WEBHOOK.id}/recover`]: {
        status: 202,
        body: { since: '2026-11-21T10:00:00.000Z', count: 3, deliveryIds: ['a', 'b', 'c'] },
      },
    });
    const user = userEvent.setup();
    renderSignedIn(<WebhookDetail id={WEBHOOK.id} />);
    await user.click(await screen.findByRole('button', { name: 'Recover failed since…' }));
    const dialog = screen.getByRole('dialog', { name: 'Recover failed deliveries' });
    const since = within(dialog).getByLabelText('Since');
    await user.clear(since);
    await user.type(since, '2026-11-21T10:00');
    await user.click(within(dialog).getByRole('button', { name: 'Recover' }));
    expect(await screen.findByText(/^3 deliveries since .* queued for redelivery\.$/)).toBeTruthy();
    expect(api.calls.find((call) => call.path.endsWith('/recover'))!.body).toEqual({
      since: new Date('2026-11-21T10:00').toISOString(),
    });
  });
});

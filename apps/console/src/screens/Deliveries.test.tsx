import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderSignedIn } from '../test-support';
import { CATALOGUE, DELIVERY, WEBHOOK } from '../test-fixtures';
import { Deliveries, REFRESH_MS } from './Deliveries';

const page = (items: unknown[]) => ({ body: { items, total: items.length, page: 1, pageSize: 20 } });
const { attempts: _attempts, ...summary } = DELIVERY;

describe('Deliveries', () => {
  afterEach(() => vi.useRealTimers());

  it('lists status, event type, repository, tag, digest, time and attempts; filters on each', async () => {
    const api = fakeApi({
      [`GET /webhooks/${WEBHOOK.id}`]: { body: WEBHOOK },
      [`GET /webhooks/${WEBHOOK.id}/deliveries`]: page([summary]),
      'GET /event-types': { body: CATALOGUE },
    });
    const user = userEvent.setup();
    renderSignedIn(<Deliveries webhookId={WEBHOOK.id} />, { path: `/webhooks/${WEBHOOK.id}/deliveries` });
    const table = await screen.findByRole('table', { name: 'Deliveries' });
    const row = (await within(table).findByRole('link', { name: `Delivery ${DELIVERY.id}` })).closest('tr')!;
    expect(within(row).getByText('succeeded')).toBeTruthy();
    expect(row.textContent).toContain('TAG_PUSH');
    expect(row.textContent).toContain('foo/bar');
    expect(row.textContent).toContain('1.0');
    expect(row.textContent).toContain('sha256:1bc04b5291c2…');

    await user.selectOptions(screen.getByLabelText('Status'), 'failed');
    await user.selectOptions(screen.getByLabelText('Event type'), 'TAG_PUSH');
    await user.type(screen.getByLabelText('Repository'), 'foo/bar');
    await user.type(screen.getByLabelText('Tag'), '1.0');
    await user.type(screen.getByLabelText('Digest'), DELIVERY.digest!);
    await user.type(screen.getByLabelText('From'), '2026-11-22T08:00');
    await user.type(screen.getByLabelText('To'), '2026-11-22T12:00');
    await waitFor(() => {
      const last = api.calls.filter((call) => call.path.endsWith('/deliveries')).at(-1)!;
      expect(Object.fromEntries(last.query)).toEqual({
        status: 'failed',
        event: 'TAG_PUSH',
        repository: 'foo/bar',
        tag: '1.0',
        digest: DELIVERY.digest,
        from: new Date('2026-11-22T08:00').toISOString(),
        to: new Date('2026-11-22T12:00').toISOString(),
        page: '1',
      });
    });
  });

  it('refreshes by itself while open', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let served = 0;
    fakeApi({
      [`GET /webhooks/${WEBHOOK.id}`]: { body: WEBHOOK },
      [`GET /webhooks/${WEBHOOK.id}/deliveries`]: () => (served++ === 0 ? page([]) : page([summary])),
      'GET /event-types': { body: CATALOGUE },
    });
    renderSignedIn(<Deliveries webhookId={WEBHOOK.id} />, { path: `/webhooks/${WEBHOOK.id}/deliveries` });
    expect(await screen.findByText('No deliveries yet.')).toBeTruthy();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(REFRESH_MS + 100);
    });
    expect(await screen.findByRole('link', { name: `Delivery ${DELIVERY.id}` })).toBeTruthy();
  });
});

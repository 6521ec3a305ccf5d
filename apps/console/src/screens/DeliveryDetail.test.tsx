import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderSignedIn } from '../test-support';
import { DELIVERY } from '../test-fixtures';
import { DeliveryDetail } from './DeliveryDetail';

const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

describe('Delivery', () => {
  it('shows every attempt’s request and response; what the receiver sent stays text', async () => {
    const delivery = {
      ...DELIVERY,
      attempts: [
        {
          ...DELIVERY.attempts[0],
          response: { statusCode: 200, headers: { 'x-note': hostile }, body: hostile, truncated: true },
        },
      ],
    };
    fakeApi({ [`GET /deliveries/${DELIVERY.id}`]: { body: delivery } });
    const { container } = renderSignedIn(<DeliveryDetail id={DELIVERY.id} />);
    const attempt = await screen.findByRole('article', { name: 'Attempt 1: succeeded (200)' });
    const request = within(attempt).getByRole('region', { name: 'Attempt 1 request' });
    expect(within(request).getByLabelText('Request URL').textContent).toBe('https://ci.example.com/hooks');
    expect(within(request).getByRole('table', { name: 'Request headers' }).textContent).toContain(
      'authorization[redacted]',
    );
    const response = within(attempt).getByRole('region', { name: 'Attempt 1 response' });
    expect(within(response).getByLabelText('Response status').textContent).toBe('200');
    expect(within(response).getByLabelText('Response body').textContent).toBe(hostile);
    expect(within(response).getByText('The body was cut at 16 KiB.')).toBeTruthy();
    expect(container.querySelector('img, script')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('copies an attempt as curl and redelivers', async () => {
    const api = fakeApi({
      [`GET /deliveries/${DELIVERY.id}`]: { body: DELIVERY },
      [`POST /deliveries/${DELIVERY.id}/redeliver`]: {
        status: 202,
        body: { deliveryId: '01JD2F3G4H5J6K7M8N9P0QRSTW' },
      },
    });
    const user = userEvent.setup();
    renderSignedIn(<DeliveryDetail id={DELIVERY.id} />);
    await user.click(await screen.findByRole('button', { name: 'Copy as curl' }));
    expect(await screen.findByText('Copied')).toBeTruthy();
    expect(await navigator.clipboard.readText()).toMatch(/^curl -X POST 'https:\/\/ci\.example\.com\/hooks'/);

    await user.click(screen.getByRole('button', { name: 'Redeliver' }));
    expect(await screen.findByText(/Queued as delivery 01JD2F3G4H5J6K7M8N9P0QRSTW/)).toBeTruthy();
    expect(
      api.calls.some(
        (call) => call.method === 'POST' && call.path === `/deliveries/${DELIVERY.id}/redeliver`,
      ),
    ).toBe(true);
  });
});

import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from './App';
import { RouterProvider } from './router';
import { fakeApi } from './test-support';
import { CATALOGUE, STATS, WEBHOOK } from './test-fixtures';

const renderApp = () =>
  render(
    <RouterProvider>
      <App />
    </RouterProvider>,
  );

describe('signing in and out', () => {
  it('asks for a bearer token, uses it for every call, and forgets it on Sign out', async () => {
    window.history.replaceState(null, '', '/console/');
    const api = fakeApi({
      'GET /me': { body: { subject: 'alice', admin: true, namespaces: [], repositories: [] } },
      'GET /webhooks': { body: { items: [WEBHOOK], total: 1, page: 1, pageSize: 20 } },
      'GET /event-types': { body: CATALOGUE },
      [`GET /webhooks/${WEBHOOK.id}/stats`]: { body: STATS },
    });
    const user = userEvent.setup();
    renderApp();

    await user.type(screen.getByLabelText('Bearer token'), 'eyJhbGciOiJIUzI1NiJ9.e30.sig');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Webhooks' })).toBeTruthy();
    expect(screen.getByText('alice')).toBeTruthy();
    expect(await screen.findByRole('link', { name: 'buildhook01' })).toBeTruthy();
    expect(sessionStorage.getItem('registry-webhooks.token')).toBe('eyJhbGciOiJIUzI1NiJ9.e30.sig');
    expect(localStorage.length).toBe(0);
    expect(api.calls.every((call) => call.authorization === 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBe(
      true,
    );

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(screen.getByLabelText('Bearer token')).toBeTruthy();
    expect(sessionStorage.length).toBe(0);
  });

  it('shows why a token was refused and asks again', async () => {
    window.history.replaceState(null, '', '/console/');
    fakeApi({
      'GET /me': { status: 401, body: { statusCode: 401, error: 'Unauthorized', message: 'token expired' } },
    });
    const user = userEvent.setup();
    renderApp();
    await user.type(screen.getByLabelText('Bearer token'), 'old.token.here');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The API refused the token: token expired');
    expect(sessionStorage.length).toBe(0);
  });
});

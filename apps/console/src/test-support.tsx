import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { ApiClient } from './api/client';
import { SessionContext } from './api/context';
import type { CallerView } from './api/types';
import { RouterProvider } from './router';
import { SecretFlashContext, type SecretFlash } from './secret-flash';

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | null;
}

type Reply = { status?: number; body?: unknown };
export type Handler = (call: Call) => Reply | undefined;

/** Replaces fetch with routes answered in memory; every call is recorded. */
export function fakeApi(routes: Record<string, Reply | ((call: Call) => Reply)>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://console.test');
    const call: Call = {
      method: init.method ?? 'GET',
      path: url.pathname.replace(/^\/api\/v1/, ''),
      query: url.searchParams,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      authorization: new Headers(init.headers).get('authorization'),
    };
    calls.push(call);
    const route = routes[`${call.method} ${call.path}`];
    const reply =
      typeof route === 'function'
        ? route(call)
        : (route ?? {
            status: 404,
            body: { statusCode: 404, error: 'Not Found', message: `no route ${call.method} ${call.path}` },
          });
    const status = reply.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(reply.body ?? {}), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetch);
  return { calls, fetch };
}

export const ADMIN: CallerView = { subject: 'admin', admin: true, namespaces: [], repositories: [] };

/** Renders a screen as a signed-in caller would see it, at `path` under /console. */
export function renderSignedIn(
  ui: ReactElement,
  options: { caller?: CallerView; path?: string; flash?: SecretFlash } = {},
) {
  window.history.replaceState(null, '', `/console${options.path ?? '/'}`);
  const session = { api: new ApiClient('test-token', () => undefined), caller: options.caller ?? ADMIN };
  return render(
    <RouterProvider>
      <SessionContext.Provider value={session}>
        <SecretFlashContext.Provider value={{ flash: options.flash ?? null, show: () => undefined }}>
          {ui}
        </SecretFlashContext.Provider>
      </SessionContext.Provider>
    </RouterProvider>,
  );
}

import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiClient, ApiError } from './api/client';
import { SessionContext, type Session } from './api/context';
import type { CallerView } from './api/types';
import { href, Link, match, useLocation } from './router';
import { SecretFlashContext, type SecretFlash } from './secret-flash';
import { clearToken, storedToken, storeToken } from './session';
import { DeliveryDetail } from './screens/DeliveryDetail';
import { Deliveries } from './screens/Deliveries';
import { EventTypes } from './screens/EventTypes';
import { SignIn } from './screens/SignIn';
import { WebhookDetail } from './screens/WebhookDetail';
import { WebhookForm } from './screens/WebhookForm';
import { WebhookList } from './screens/WebhookList';

function Screen({ path }: { path: string }) {
  let params: Record<string, string> | null;
  if (path === '/' || path === '/webhooks') return <WebhookList />;
  if (path === '/webhooks/new') return <WebhookForm />;
  if ((params = match('/webhooks/:id/edit', path))) return <WebhookForm id={params.id} />;
  if ((params = match('/webhooks/:id/deliveries', path))) return <Deliveries webhookId={params.id} />;
  if ((params = match('/webhooks/:id', path))) return <WebhookDetail id={params.id} />;
  if ((params = match('/deliveries/:id', path))) return <DeliveryDetail id={params.id} />;
  if (path === '/event-types') return <EventTypes />;
  return (
    <main>
      <h1>Not found</h1>
      <p>
        There is no console page at this address. <Link to={href('/')}>Back to the webhooks</Link>
      </p>
    </main>
  );
}

export function App() {
  const [token, setToken] = useState(storedToken);
  const [caller, setCaller] = useState<CallerView>();
  const [problem, setProblem] = useState<string>();
  const [flash, setFlash] = useState<SecretFlash | null>(null);
  const { path } = useLocation();

  const signOut = useCallback((message?: string) => {
    clearToken();
    setToken(null);
    setCaller(undefined);
    setFlash(null);
    setProblem(message);
  }, []);
  const api = useMemo(
    () =>
      token ? new ApiClient(token, (message) => signOut(`The API refused the token: ${message}`)) : null,
    [token, signOut],
  );
  useEffect(() => {
    if (!api) return;
    api.get<CallerView>('/me').then(setCaller, (error: Error) => {
      if (!(error instanceof ApiError && error.status === 401))
        setProblem(`The API could not be reached: ${error.message}`);
    });
  }, [api]);

  // A secret is shown on its webhook's page for this visit only.
  useEffect(() => {
    if (flash && path !== `/webhooks/${flash.webhookId}`) setFlash(null);
  }, [flash, path]);

  const signIn = (value: string) => {
    storeToken(value);
    setProblem(undefined);
    setToken(value);
  };
  const session: Session | null = useMemo(() => (api && caller ? { api, caller } : null), [api, caller]);

  if (!token) return <SignIn onSignIn={signIn} problem={problem} />;
  if (!session) {
    return problem ? <SignIn onSignIn={signIn} problem={problem} /> : <p className="loading">Signing in…</p>;
  }
  const section = path.startsWith('/event-types') ? 'event-types' : 'webhooks';
  return (
    <SessionContext.Provider value={session}>
      <SecretFlashContext.Provider value={{ flash, show: setFlash }}>
        <header className="top">
          <Link to={href('/')} className="brand">
            registry-webhooks
          </Link>
          <nav aria-label="Main">
            <Link to={href('/')} aria-current={section === 'webhooks' ? 'page' : undefined}>
              Webhooks
            </Link>
            <Link to={href('/event-types')} aria-current={section === 'event-types' ? 'page' : undefined}>
              Event types
            </Link>
            <a href="/docs">API docs</a>
          </nav>
          <span className="who">
            Signed in as <strong>{session.caller.subject}</strong>
            {session.caller.admin ? ' (admin)' : ''}
          </span>
          <button type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </header>
        <Screen path={path} />
      </SecretFlashContext.Provider>
    </SessionContext.Provider>
  );
}

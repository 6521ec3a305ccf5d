/**
 * The bearer token lives in sessionStorage only: it goes with the tab, never to localStorage or a
 * cookie. A link may carry it in the fragment (/console/#token=…), which browsers never send to a
 * server; it is taken out of the address bar as soon as the console starts.
 */
const TOKEN_KEY = 'registry-webhooks.token';

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Moves a `#token=<jwt>` fragment into the session and removes it from the URL and history entry. */
export function adoptTokenFromFragment(location: Location, history: History): boolean {
  const match = /^#token=([^&]+)/.exec(location.hash);
  if (!match) return false;
  storeToken(decodeURIComponent(match[1]).trim());
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  return true;
}

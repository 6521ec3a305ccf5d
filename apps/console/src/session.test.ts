import { describe, expect, it } from 'vitest';
import { adoptTokenFromFragment, clearToken, storedToken, storeToken } from './session';

describe('session', () => {
  it('keeps the token in sessionStorage only, and forgets it on sign-out', () => {
    storeToken('abc.def.ghi');
    expect(storedToken()).toBe('abc.def.ghi');
    expect(sessionStorage.length).toBe(1);
    expect(localStorage.length).toBe(0);
    clearToken();
    expect(storedToken()).toBeNull();
  });

  it('takes a #token= fragment into the session and out of the address bar', () => {
    window.history.replaceState(null, '', '/console/webhooks?page=2#token=eyJ.a%2Bb.c');
    expect(adoptTokenFromFragment(window.location, window.history)).toBe(true);
    expect(storedToken()).toBe('eyJ.a+b.c');
    expect(window.location.hash).toBe('');
    expect(window.location.pathname + window.location.search).toBe('/console/webhooks?page=2');
    expect(localStorage.length).toBe(0);
  });

  it('leaves other fragments alone', () => {
    window.history.replaceState(null, '', '/console/#section');
    expect(adoptTokenFromFragment(window.location, window.history)).toBe(false);
    expect(storedToken()).toBeNull();
    expect(window.location.hash).toBe('#section');
  });
});

// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { createSessionStore, refreshDelay, SESSION_KEY, type Session } from './session';

const TOKEN = { access_token: 'a1', token_type: 'bearer' as const, expires_in: 900, refresh_token: 'r1' };

beforeEach(() => localStorage.clear());

describe('session store', () => {
  it('survives a reload through localStorage', () => {
    createSessionStore(localStorage).set(TOKEN, 1_000);
    const reloaded = createSessionStore(localStorage);
    expect(reloaded.get()).toEqual({ accessToken: 'a1', refreshToken: 'r1', issuedAt: 1_000, expiresAt: 901_000 });
  });

  it('forgets everything on clear, and says so once', () => {
    const store = createSessionStore(localStorage);
    store.set(TOKEN);
    let calls = 0;
    const unsubscribe = store.subscribe(() => { calls += 1; });
    store.clear();
    store.clear();
    expect(store.get()).toBeNull();
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
    expect(calls).toBe(1);
    unsubscribe();
    store.set(TOKEN);
    expect(calls).toBe(1);
  });

  it('treats a corrupt or foreign entry as no session', () => {
    localStorage.setItem(SESSION_KEY, '{not json');
    expect(createSessionStore(localStorage).get()).toBeNull();
    localStorage.setItem(SESSION_KEY, JSON.stringify({ accessToken: 'a' }));
    expect(createSessionStore(localStorage).get()).toBeNull();
  });

  it('follows a sign out made in another tab', () => {
    const store = createSessionStore(localStorage);
    store.set(TOKEN);
    localStorage.removeItem(SESSION_KEY);
    window.dispatchEvent(new StorageEvent('storage', { key: SESSION_KEY }));
    expect(store.get()).toBeNull();
  });

  it('works without storage', () => {
    const store = createSessionStore(null);
    store.set(TOKEN);
    expect(store.get()?.accessToken).toBe('a1');
    expect(createSessionStore(null).get()).toBeNull();
  });
});

describe('refreshDelay', () => {
  const session = (issuedAt: number, lifetimeS: number): Session => ({
    accessToken: 'a', refreshToken: 'r', issuedAt, expiresAt: issuedAt + lifetimeS * 1000,
  });

  it('renews a 15-minute token one minute before it expires', () => {
    expect(refreshDelay(session(0, 900), 0)).toBe(840_000);
    expect(refreshDelay(session(0, 900), 800_000)).toBe(40_000);
  });

  it('renews a short token at three quarters of its life, never in a tight loop', () => {
    expect(refreshDelay(session(0, 40), 0)).toBe(30_000);
  });

  it('renews at once when the moment has passed', () => {
    expect(refreshDelay(session(0, 900), 899_000)).toBe(0);
    expect(refreshDelay(session(0, 900), 2_000_000)).toBe(0);
  });
});

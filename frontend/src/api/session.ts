/**
 * The signed-in session: tokens kept in localStorage so a reload or a new tab stays signed in,
 * observable so React re-renders (and leaves protected pages) the moment it ends.
 */
import type { Token } from './types';

export interface Session {
  accessToken: string;
  /** The password grant always gives one; a grant without one ends when its access token does. */
  refreshToken: string | null;
  /** Epoch milliseconds. */
  issuedAt: number;
  expiresAt: number;
}

export interface SessionStore {
  get(): Session | null;
  /** Reads the storage again, for a change another tab made that its event has not announced yet. */
  reload(): Session | null;
  set(token: Token, now?: number): Session;
  clear(): void;
  subscribe(listener: () => void): () => void;
}

export const SESSION_KEY = 'qcdc.session';

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.accessToken === 'string' && (typeof v.refreshToken === 'string' || v.refreshToken === null)
    && typeof v.issuedAt === 'number' && typeof v.expiresAt === 'number';
}

function read(storage: Storage | null): Session | null {
  try {
    const raw = storage?.getItem(SESSION_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return isSession(parsed) ? parsed : null;
  } catch {
    // A corrupt entry (edited by hand, older format) means no session, not a broken app.
    return null;
  }
}

/** `storage` is null where there is none (tests in Node): the session then lives in memory only. */
export function createSessionStore(storage: Storage | null): SessionStore {
  let current = read(storage);
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());

  if (storage && typeof window !== 'undefined') {
    // Another tab signed in, refreshed or signed out: follow it, so tabs never disagree.
    window.addEventListener('storage', (event) => {
      if (event.key !== SESSION_KEY && event.key !== null) return;
      current = read(storage);
      notify();
    });
  }

  return {
    get: () => current,
    reload() {
      if (!storage) return current;
      const stored = read(storage);
      if (JSON.stringify(stored) !== JSON.stringify(current)) {
        current = stored;
        notify();
      }
      return current;
    },
    set(token, now = Date.now()) {
      current = {
        accessToken: token.access_token,
        refreshToken: token.refresh_token ?? null,
        issuedAt: now,
        expiresAt: now + token.expires_in * 1000,
      };
      storage?.setItem(SESSION_KEY, JSON.stringify(current));
      notify();
      return current;
    },
    clear() {
      if (current === null) return;
      current = null;
      storage?.removeItem(SESSION_KEY);
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Refresh a minute before expiry, or at three quarters of a short-lived token's life. */
export function refreshDelay(session: Session, now: number): number {
  const lifetime = session.expiresAt - session.issuedAt;
  const lead = Math.min(60_000, lifetime / 4);
  return Math.max(0, session.expiresAt - lead - now);
}

/**
 * The typed API client. Every call goes through `unwrap`, which returns the data or throws an
 * `ApiProblem`; the auth middleware adds the bearer token and renews an expired one once.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiProblem } from './problem';
import type { paths } from './schema';
import { createSessionStore, refreshDelay, type SessionStore } from './session';
import type { Token } from './types';

export const TOKEN_PATH = '/api/v1/auth/token';
export const REVOKE_PATH = '/api/v1/auth/revoke';
/** The Web Lock every tab takes to renew: a refresh token works once (see `refresh`). */
const REFRESH_LOCK = 'qcdc.session.refresh';

export type ApiClient = ReturnType<typeof createClient<paths>>;

/**
 * The server answers problems in the page's language (its Accept-Language), which the i18n provider
 * keeps on <html lang>: no English detail reaches a Vietnamese screen.
 */
export const spokenLanguage: Middleware = {
  onRequest({ request }) {
    const page = typeof document === 'undefined' ? undefined : document.documentElement.lang;
    request.headers.set('Accept-Language', page === 'en' ? 'en' : 'vi');
    return request;
  },
};

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a call, or an `ApiProblem` thrown for an error status or an unreachable server. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (cause) {
    throw ApiProblem.network(cause);
  }
  if (!result.response.ok) throw ApiProblem.fromResponse(result.response.status, result.error);
  return result.data as T;
}

type TokenForm = NonNullable<paths[typeof TOKEN_PATH]['post']['requestBody']>['content']['application/x-www-form-urlencoded'];
type RevokeForm = NonNullable<paths[typeof REVOKE_PATH]['post']['requestBody']>['content']['application/x-www-form-urlencoded'];
const FORM_HEADERS = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** The token endpoints are OAuth2's: form-encoded, with absent fields left out rather than sent empty. */
function formBody(body: TokenForm | RevokeForm): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') form.set(name, value);
  }
  return form;
}

export interface Api {
  client: ApiClient;
  session: SessionStore;
  signIn(username: string, password: string): Promise<void>;
  /** Forgets the tokens at once, and asks the server to end the session they belong to. */
  signOut(): Promise<void>;
  /** Renews the tokens; concurrent callers, in this tab or others, share one renewal. False when
   * the session is over. */
  refresh(): Promise<boolean>;
  /** Keeps the session renewed before it expires; returns the function that stops doing so. */
  keepAlive(): () => void;
}

/** Runs `task` while holding the browsers' lock shared by every tab of this site, where there is one. */
async function oneTabAtATime<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? await locks.request(REFRESH_LOCK, task) : task();
}

export function createApi(options: { baseUrl?: string; session?: SessionStore } = {}): Api {
  const session = options.session ?? createSessionStore(typeof localStorage === 'undefined' ? null : localStorage);
  const client = createClient<paths>({ baseUrl: options.baseUrl ?? '' });
  let inFlight: Promise<boolean> | null = null;

  async function requestToken(body: TokenForm): Promise<Token> {
    return unwrap(client.POST(TOKEN_PATH, { body, bodySerializer: formBody, headers: FORM_HEADERS }));
  }

  // A refresh token works once: sent again, the server takes it for a stolen copy and ends the
  // session in every tab. So tabs renew one at a time, and a tab that finds the tokens renewed by
  // another while it waited takes those instead of spending its own, already spent, again.
  async function doRefresh(): Promise<boolean> {
    const spent = session.get()?.refreshToken;
    if (!spent) return false;
    return oneTabAtATime(async () => {
      const current = session.reload();
      if (!current?.refreshToken) return false;
      if (current.refreshToken !== spent) return true;
      try {
        session.set(await requestToken({ grant_type: 'refresh_token', refresh_token: current.refreshToken }));
        return true;
      } catch (error) {
        // The server said no: the session is over. An unreachable server may come back, so a
        // network failure keeps the tokens for the next try.
        if (error instanceof ApiProblem && error.status !== 0) session.clear();
        return false;
      }
    });
  }

  function refresh(): Promise<boolean> {
    inFlight ??= doRefresh().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  // The copy of each authenticated request, kept until its response, to send again after a renewal.
  const pending = new Map<string, { retry: Request; token: string }>();

  const auth: Middleware = {
    onRequest({ request, schemaPath, id }) {
      const current = session.get();
      if (!current || schemaPath === TOKEN_PATH) return undefined;
      request.headers.set('Authorization', `Bearer ${current.accessToken}`);
      pending.set(id, { retry: request.clone(), token: current.accessToken });
      return request;
    },
    async onResponse({ response, id, options: { fetch } }) {
      const entry = pending.get(id);
      pending.delete(id);
      if (!entry || response.status !== 401) return undefined;
      // Any 401 to a request that carried a token is worth one renewal: the server's clock, not
      // ours, decides when a token has expired. A second 401 is final.
      const renewed = session.get()?.accessToken !== entry.token || (await refresh());
      const token = session.get()?.accessToken;
      if (!renewed || !token) return undefined;
      entry.retry.headers.set('Authorization', `Bearer ${token}`);
      return fetch(entry.retry);
    },
    onError({ id }) {
      pending.delete(id);
    },
  };
  client.use(auth, spokenLanguage);

  return {
    client,
    session,
    async signIn(username, password) {
      session.set(await requestToken({ grant_type: 'password', username, password }));
    },
    async signOut() {
      const token = session.get()?.refreshToken ?? session.get()?.accessToken;
      session.clear();
      if (!token) return;
      try {
        await client.POST(REVOKE_PATH, { body: { token }, bodySerializer: formBody, headers: FORM_HEADERS });
      } catch {
        // Offline: nothing to undo here, and the session ends on the server when its tokens expire.
      }
    },
    refresh,
    keepAlive() {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const schedule = () => {
        clearTimeout(timer);
        const current = session.get();
        if (!current) return;
        timer = setTimeout(() => void refresh(), refreshDelay(current, Date.now()));
      };
      schedule();
      const unsubscribe = session.subscribe(schedule);
      return () => {
        clearTimeout(timer);
        unsubscribe();
      };
    },
  };
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi, unwrap, type Api } from './client';
import { ApiProblem } from './problem';
import { createSessionStore } from './session';

/**
 * A small HTTP server speaking the token part of the contract, so the client is tested over real
 * HTTP: form-encoded grants, bearer checks, rotating tokens, problem documents.
 */
interface Backend {
  validAccess: Set<string>;
  validRefresh: Set<string>;
  refreshCalls: number;
  revoked: string[];
  seen: { path: string; auth: string | undefined; language: string | undefined; body: string }[];
  issued: number;
}

const backend: Backend = { validAccess: new Set(), validRefresh: new Set(), refreshCalls: 0, revoked: [], seen: [], issued: 0 };
let server: Server;
let baseUrl: string;

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'Content-Type': type });
  res.end(JSON.stringify(body));
}

function problem(res: ServerResponse, status: number, code: string, detail: string, extra: object = {}) {
  send(res, status, { type: `https://qcdc.gov.vn/problems/${code}`, title: 'Error', status, detail, code, ...extra },
    'application/problem+json');
}

function issue(): object {
  backend.issued += 1;
  const access = `access-${backend.issued}`;
  const refresh = `refresh-${backend.issued}`;
  backend.validAccess.add(access);
  backend.validRefresh.add(refresh);
  return { access_token: access, token_type: 'bearer', expires_in: 900, refresh_token: refresh };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const body = await readBody(req);
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  backend.seen.push({ path, auth: req.headers.authorization, language: req.headers['accept-language'], body });

  if (path === '/api/v1/auth/token') {
    if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') {
      return problem(res, 415, 'unsupported_media_type', 'form expected');
    }
    const form = new URLSearchParams(body);
    if (form.get('grant_type') === 'password') {
      if (form.get('username') === 'locked') {
        return problem(res, 401, 'account_locked', 'Locked until 10:15', { locked_until: '2024-03-05T03:15:00Z' });
      }
      if (form.get('password') !== 'qcdc-demo-2024') {
        return problem(res, 401, 'invalid_credentials', 'Wrong username or password');
      }
      return send(res, 200, issue());
    }
    backend.refreshCalls += 1;
    const token = form.get('refresh_token') ?? '';
    if (!backend.validRefresh.delete(token)) return problem(res, 401, 'invalid_grant', 'Refresh token not valid');
    // Slow enough that concurrent 401s overlap with this refresh.
    await new Promise((resolve) => setTimeout(resolve, 30));
    return send(res, 200, issue());
  }
  if (path === '/api/v1/auth/revoke') {
    const token = new URLSearchParams(body).get('token') ?? '';
    backend.revoked.push(token);
    backend.validRefresh.delete(token);
    res.writeHead(200);
    return res.end();
  }

  const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
  if (!backend.validAccess.has(token)) return problem(res, 401, 'token_expired', 'Token expired');
  if (path === '/api/v1/auth/me') {
    return send(res, 200, { id: 1, username: 'admin', full_name: 'Quản trị', roles: ['admin'], unit: null, is_admin: true });
  }
  if (path === '/api/v1/users' && req.method === 'POST') {
    const payload = JSON.parse(body) as { password?: string; username?: string };
    if ((payload.password ?? '').length < 8) {
      return problem(res, 422, 'validation_failed', 'Invalid input: password', {
        errors: [
          { loc: ['body', 'password'], msg: 'String should have at least 8 characters', type: 'string_too_short' },
          { loc: ['body', 'roles', '0'], msg: "Input should be 'admin', 'planner'", type: 'enum' },
          { loc: ['body', 'nickname'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' },
        ],
      });
    }
    return send(res, 201, { id: 9, username: payload.username, full_name: 'x', unit: null, roles: [], is_active: true });
  }
  return problem(res, 404, 'not_found', `No resource at ${path}`);
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let api: Api;

beforeEach(() => {
  backend.validAccess.clear();
  backend.validRefresh.clear();
  backend.refreshCalls = 0;
  backend.revoked = [];
  backend.seen = [];
  api = createApi({ baseUrl, session: createSessionStore(null) });
});

/** localStorage as two tabs share it, without the events a browser would send between them. */
function sharedStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() { return items.size; },
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => { items.set(key, value); },
    removeItem: (key) => { items.delete(key); },
    clear: () => items.clear(),
  };
}

/** The server forgets every access token, as it does when they expire. */
function expireAccessTokens() {
  backend.validAccess.clear();
}

describe('sign in', () => {
  it('posts a form-encoded password grant and keeps the tokens', async () => {
    await api.signIn('admin', 'qcdc-demo-2024');
    const grant = new URLSearchParams(backend.seen[0]?.body);
    expect(grant.get('grant_type')).toBe('password');
    expect(grant.get('username')).toBe('admin');
    const session = api.session.get();
    expect(session?.accessToken).toMatch(/^access-/);
    expect(session && session.expiresAt - session.issuedAt).toBe(900_000);
  });

  it('sends the bearer token with later calls', async () => {
    await api.signIn('admin', 'qcdc-demo-2024');
    const me = await unwrap(api.client.GET('/api/v1/auth/me'));
    expect(me.username).toBe('admin');
    expect(backend.seen.at(-1)?.auth).toBe(`Bearer ${api.session.get()?.accessToken}`);
  });

  it('asks for answers in Vietnamese, the page language by default', async () => {
    await api.signIn('admin', 'qcdc-demo-2024');
    await unwrap(api.client.GET('/api/v1/auth/me'));
    expect(backend.seen.at(-1)?.language).toBe('vi');
  });

  it('throws invalid_credentials for a wrong password, without trying to refresh', async () => {
    const error = await api.signIn('admin', 'wrong').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    expect((error as ApiProblem).code).toBe('invalid_credentials');
    expect((error as ApiProblem).status).toBe(401);
    expect(backend.refreshCalls).toBe(0);
    expect(api.session.get()).toBeNull();
  });

  it('exposes until when a locked account is locked', async () => {
    const error = (await api.signIn('locked', 'x').catch((e: unknown) => e)) as ApiProblem;
    expect(error.code).toBe('account_locked');
    expect(error.lockedUntil).toBe('2024-03-05T03:15:00Z');
    expect(error.detail).toBe('Locked until 10:15');
  });

  it('sends no token before signing in', async () => {
    const error = (await unwrap(api.client.GET('/api/v1/auth/me')).catch((e: unknown) => e)) as ApiProblem;
    expect(error.status).toBe(401);
    expect(backend.seen[0]?.auth).toBeUndefined();
    expect(backend.refreshCalls).toBe(0);
  });
});

describe('renewal', () => {
  beforeEach(async () => {
    await api.signIn('admin', 'qcdc-demo-2024');
  });

  it('renews an expired token once and retries the call', async () => {
    const before = api.session.get()?.refreshToken;
    expireAccessTokens();
    const me = await unwrap(api.client.GET('/api/v1/auth/me'));
    expect(me.full_name).toBe('Quản trị');
    expect(backend.refreshCalls).toBe(1);
    expect(new URLSearchParams(backend.seen.find((s) => s.body.includes('refresh_token'))?.body).get('refresh_token')).toBe(before);
    expect(api.session.get()?.refreshToken).not.toBe(before);
  });

  it('shares one renewal between calls that fail together', async () => {
    expireAccessTokens();
    const results = await Promise.all([1, 2, 3, 4].map(() => unwrap(api.client.GET('/api/v1/auth/me'))));
    expect(results.map((me) => me.id)).toEqual([1, 1, 1, 1]);
    expect(backend.refreshCalls).toBe(1);
  });

  it('resends the body of a retried POST', async () => {
    expireAccessTokens();
    const user = await unwrap(api.client.POST('/api/v1/users', {
      body: { username: 'nguyenvana', full_name: 'Nguyễn Văn A', unit_id: null, roles: ['viewer'], password: 'long-enough-1' },
    }));
    expect(user.username).toBe('nguyenvana');
    const posts = backend.seen.filter((s) => s.path === '/api/v1/users');
    expect(posts).toHaveLength(2);
    expect(posts[1]?.body).toBe(posts[0]?.body);
  });

  it('ends the session when the refresh token is refused', async () => {
    expireAccessTokens();
    backend.validRefresh.clear();
    let notified = 0;
    api.session.subscribe(() => { notified += 1; });
    const error = (await unwrap(api.client.GET('/api/v1/auth/me')).catch((e: unknown) => e)) as ApiProblem;
    expect(error.status).toBe(401);
    expect(backend.refreshCalls).toBe(1);
    expect(api.session.get()).toBeNull();
    expect(notified).toBe(1);
  });

  it('can be renewed ahead of expiry', async () => {
    const before = api.session.get()?.accessToken;
    expect(await api.refresh()).toBe(true);
    expect(api.session.get()?.accessToken).not.toBe(before);
  });

  it('takes the tokens another tab renewed rather than spending the used refresh token again', async () => {
    // A refresh token works once: sent twice, the server ends the session in every tab.
    const storage = sharedStorage();
    const first = createApi({ baseUrl, session: createSessionStore(storage) });
    await first.signIn('admin', 'qcdc-demo-2024');
    const second = createApi({ baseUrl, session: createSessionStore(storage) });
    backend.refreshCalls = 0;
    expect(await first.refresh()).toBe(true);
    expect(await second.refresh()).toBe(true);
    expect(backend.refreshCalls).toBe(1);
    expect(second.session.get()?.refreshToken).toBe(first.session.get()?.refreshToken);
  });

  it('forgets the tokens on sign out and has the server end the session', async () => {
    const refreshToken = api.session.get()?.refreshToken;
    const signingOut = api.signOut();
    expect(api.session.get()).toBeNull();
    await signingOut;
    expect(backend.revoked).toEqual([refreshToken]);
    expect(backend.seen.at(-1)?.auth).toBeUndefined();
  });
});

describe('problems', () => {
  beforeEach(async () => {
    await api.signIn('admin', 'qcdc-demo-2024');
  });

  it('maps validation errors onto form fields', async () => {
    const error = (await unwrap(api.client.POST('/api/v1/users', {
      body: { username: 'x', full_name: 'X', unit_id: null, roles: ['viewer'], password: 'short' },
    })).catch((e: unknown) => e)) as ApiProblem;
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error.status).toBe(422);
    expect(error.code).toBe('validation_failed');
    const { fields, unmatched } = error.formFields(['username', 'password', 'roles']);
    expect(fields).toEqual([
      { name: 'password', errors: ['String should have at least 8 characters'] },
      { name: 'roles', errors: ["Input should be 'admin', 'planner'"] },
    ]);
    expect(unmatched.map((e) => e.loc)).toEqual([['body', 'nickname']]);
  });

  it('reports an unreachable server as network_error', async () => {
    const offline = createApi({ baseUrl: 'http://127.0.0.1:9', session: createSessionStore(null) });
    const error = (await unwrap(offline.client.GET('/api/v1/auth/me')).catch((e: unknown) => e)) as ApiProblem;
    expect(error.code).toBe('network_error');
    expect(error.status).toBe(0);
  });

  it('turns a 404 into a not_found problem', async () => {
    const error = (await unwrap(api.client.GET('/api/v1/org-units/{unit_id}', {
      params: { path: { unit_id: 99 } },
    })).catch((e: unknown) => e)) as ApiProblem;
    expect(error.code).toBe('not_found');
    expect(error.detail).toContain('/api/v1/org-units/99');
  });
});

afterEach(() => api.signOut());

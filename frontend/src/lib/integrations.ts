/**
 * Machine callers in words and examples: the scopes of API tokens and API clients said in
 * Vietnamese and grouped by what they open, and the ready-to-paste commands shown with a secret
 * (curl, `qcdc login`, the client-credentials grant).
 */
import { SCOPES, type ApiToken, type DeliveryStatus, type Scope } from '../api/types';
import { hasMessage, type Translate } from '../i18n';

export type ScopeAction = 'read' | 'write';

export interface ScopeParts {
  /** The part of the API (`plans`, `org-units`, …); null for `read` and `write`, which span all. */
  resource: string | null;
  action: ScopeAction;
}

export function scopeParts(scope: Scope): ScopeParts {
  const [head, action] = scope.split(':');
  if (action === undefined) return { resource: null, action: head as ScopeAction };
  return { resource: head ?? null, action: action as ScopeAction };
}

function resourceLabel(resource: string, t: Translate): string {
  const key = `scopeResource.${resource}`;
  return hasMessage(key) ? t(key) : resource;
}

/** "Kế hoạch: đọc", "Toàn bộ dữ liệu: đọc và ghi"; a scope the dictionary lacks shows as it is. */
export function scopeLabel(scope: Scope, t: Translate): string {
  const { resource, action } = scopeParts(scope);
  if (resource === null) return t(action === 'read' ? 'scope.read' : 'scope.write');
  if (!hasMessage(`scopeResource.${resource}`)) return scope;
  return t('scope.resourceAction', {
    resource: resourceLabel(resource, t),
    action: t(action === 'read' ? 'scopeAction.read' : 'scopeAction.write'),
  });
}

export interface ScopeOption {
  value: Scope;
  label: string;
}

export interface ScopeGroup {
  label: string;
  options: ScopeOption[];
}

/**
 * The scopes as the options of a select, in the API's order: first the two that span every
 * resource, then one group per resource (some resources can only be read).
 */
export function scopeGroups(t: Translate, scopes: readonly Scope[] = SCOPES): ScopeGroup[] {
  const groups = new Map<string, ScopeGroup>();
  for (const scope of scopes) {
    const { resource, action } = scopeParts(scope);
    const key = resource ?? '*';
    let group = groups.get(key);
    if (!group) {
      group = { label: resource === null ? t('scope.all') : resourceLabel(resource, t), options: [] };
      groups.set(key, group);
    }
    group.options.push({
      value: scope,
      // Inside its group a resource scope needs only its action; its tag, once chosen, says it all.
      label: resource === null ? scopeLabel(scope, t) : t(action === 'read' ? 'scopeAction.readLong' : 'scopeAction.writeLong'),
    });
  }
  return [...groups.values()];
}

/** Whether holding `held` already allows `scope` (the server's rule: writing includes reading). */
export function includes(held: Scope, scope: Scope): boolean {
  if (held === scope || held === 'write') return true;
  const a = scopeParts(held);
  const b = scopeParts(scope);
  if (b.action !== 'read') return false;
  return held === 'read' || (a.resource === b.resource && a.action === 'write');
}

export interface RedundantScope {
  scope: Scope;
  /** The chosen scope that already covers it. */
  coveredBy: Scope;
}

/** The chosen scopes another chosen one already covers: worth a word, since they add nothing. */
export function redundantScopes(chosen: readonly Scope[]): RedundantScope[] {
  const unique = [...new Set(chosen)];
  const found: RedundantScope[] = [];
  for (const scope of unique) {
    const coveredBy = unique.find((other) => other !== scope && includes(other, scope));
    if (coveredBy) found.push({ scope, coveredBy });
  }
  return found;
}

/** Lower case without diacritics ("Kế hoạch: đọc" → "ke hoach: doc"), so a search needs none. */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/** A tag colour per action, so writing scopes stand out in a list. */
export function scopeColor(scope: Scope): string {
  return scopeParts(scope).action === 'write' ? 'volcano' : 'blue';
}

export type TokenStatus = 'active' | 'expired' | 'revoked';

/** A token is revoked for good, else expired once its expiry has passed, else usable. */
export function tokenStatus(token: Pick<ApiToken, 'revoked_at' | 'expires_at'>, now: Date = new Date()): TokenStatus {
  if (token.revoked_at !== null) return 'revoked';
  if (new Date(token.expires_at).getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** A word for a POSIX shell inside double quotes: `"`, `\`, `$` and backquotes escaped. */
export function shellDoubleQuoted(text: string): string {
  return `"${text.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** A word for a POSIX shell: left bare when it is plainly safe, else in single quotes. */
export function shellWord(text: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The API's base on the server the page came from: `https://qcdc.example.vn/api/v1`. */
export function apiBase(origin: string): string {
  return `${origin.replace(/\/+$/, '')}/api/v1`;
}

export interface TokenExamples {
  curl: string;
  cli: string;
}

/** Using a new API token: a request with curl, and the `qcdc` command line keeping it. */
export function tokenExamples(origin: string, token: string): TokenExamples {
  return {
    curl: `curl -H ${shellDoubleQuoted(`Authorization: Bearer ${token}`)} ${shellWord(`${apiBase(origin)}/auth/me`)}`,
    cli: `qcdc login --server ${shellWord(origin.replace(/\/+$/, ''))} --token ${shellWord(token)}`,
  };
}

export interface ClientExamples {
  tokenUrl: string;
  /** Asking for an access token with the client-credentials grant. */
  curl: string;
  /** Calling the API with the access token it answered. */
  call: string;
}

/** How an API client gets its access token (OAuth2 client credentials, RFC 6749 §4.4) and uses it. */
export function clientExamples(origin: string, clientId: string, secret: string): ClientExamples {
  const tokenUrl = `${apiBase(origin)}/auth/token`;
  return {
    tokenUrl,
    curl: [
      `curl -X POST ${shellWord(tokenUrl)} \\`,
      '  -d grant_type=client_credentials \\',
      `  --data-urlencode ${shellWord(`client_id=${clientId}`)} \\`,
      `  --data-urlencode ${shellWord(`client_secret=${secret}`)}`,
    ].join('\n'),
    call: `curl -H "Authorization: Bearer <access_token>" ${shellWord(`${apiBase(origin)}/auth/me`)}`,
  };
}

/** "Duyệt báo cáo" for `submission.approved`; an event the dictionary lacks shows as it is. */
export function webhookEventLabel(event: string, t: Translate): string {
  const key = `webhookEvent.${event}`;
  return hasMessage(key) ? t(key) : event;
}

export function deliveryStatusColor(status: DeliveryStatus): string {
  switch (status) {
    case 'delivered':
      return 'green';
    case 'given_up':
      return 'red';
    default:
      return 'gold';
  }
}

/**
 * How a receiver checks `X-QCDC-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`
 * on the raw body, refusing a timestamp more than five minutes off (a replay).
 */
export const WEBHOOK_VERIFY_PYTHON = `import hashlib, hmac, time

def verify(secret: str, body: bytes, header: str, tolerance: int = 300) -> bool:
    fields = dict(part.split("=", 1) for part in header.split(","))
    signed = f"{fields['t']}.".encode() + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    fresh = abs(time.time() - int(fields["t"])) <= tolerance
    return fresh and hmac.compare_digest(expected, fields["v1"])`;

export const WEBHOOK_VERIFY_NODE = `const crypto = require('node:crypto');

function verify(secret, body, header, tolerance = 300) {
  const fields = Object.fromEntries(header.split(',').map((part) => part.split('=', 2)));
  const expected = crypto.createHmac('sha256', secret).update(\`\${fields.t}.\`).update(body).digest('hex');
  const fresh = Math.abs(Date.now() / 1000 - Number(fields.t)) <= tolerance;
  return fresh && typeof fields.v1 === 'string' && fields.v1.length === expected.length
    && crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(fields.v1));
}`;

import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SCOPES, type Scope } from '../api/types';
import { translate, type MessageKey, type Params } from '../i18n';
import {
  apiBase, clientExamples, foldDiacritics, includes, redundantScopes, scopeGroups, scopeLabel, scopeParts,
  shellDoubleQuoted, shellWord, tokenExamples, tokenStatus, WEBHOOK_VERIFY_NODE, WEBHOOK_VERIFY_PYTHON, webhookEventLabel,
} from './integrations';

const vi = (key: MessageKey, params?: Params) => translate('vi', key, params);
const en = (key: MessageKey, params?: Params) => translate('en', key, params);

/** What a POSIX shell makes of a command line: its words, as the program would receive them. */
function shellWords(line: string): string[] {
  const out = execFileSync('sh', ['-c', `set -- ${line}; for w in "$@"; do printf '%s\\0' "$w"; done`]);
  return out.toString('utf8').split('\0').slice(0, -1);
}

describe('scopeParts', () => {
  it.each<[Scope, string | null, string]>([
    ['read', null, 'read'],
    ['write', null, 'write'],
    ['plans:read', 'plans', 'read'],
    ['org-units:write', 'org-units', 'write'],
    ['api-clients:read', 'api-clients', 'read'],
  ])('%s → %s, %s', (scope, resource, action) => {
    expect(scopeParts(scope)).toEqual({ resource, action });
  });
});

describe('scopeLabel', () => {
  it('says every scope in Vietnamese', () => {
    expect(scopeLabel('read', vi)).toBe('Đọc toàn bộ dữ liệu');
    expect(scopeLabel('write', vi)).toBe('Đọc và ghi toàn bộ dữ liệu');
    expect(scopeLabel('plans:read', vi)).toBe('Kế hoạch: đọc');
    expect(scopeLabel('data:write', vi)).toBe('Số liệu: đọc và ghi');
    expect(scopeLabel('org-units:read', vi)).toBe('Đơn vị: đọc');
    expect(scopeLabel('api-tokens:write', vi)).toBe('Mã truy cập API: đọc và ghi');
    expect(scopeLabel('plans:read', en)).toBe('Plans: read');
  });

  it('has a label of its own for each scope of the API, none left as the raw code', () => {
    const labels = SCOPES.map((scope) => scopeLabel(scope, vi));
    expect(new Set(labels).size).toBe(SCOPES.length);
    for (const [i, scope] of SCOPES.entries()) expect(labels[i], scope).not.toContain(scope);
  });

  it('shows a scope it does not know as it is', () => {
    expect(scopeLabel('reports:read' as Scope, vi)).toBe('reports:read');
  });
});

describe('scopeGroups', () => {
  it('puts the two scopes over all data first, then one group per resource in the API order', () => {
    const groups = scopeGroups(vi);
    expect(groups[0]).toEqual({
      label: 'Toàn bộ dữ liệu',
      options: [{ value: 'read', label: 'Đọc toàn bộ dữ liệu' }, { value: 'write', label: 'Đọc và ghi toàn bộ dữ liệu' }],
    });
    expect(groups.map((g) => g.label).slice(1, 4)).toEqual(['Đơn vị', 'Người dùng', 'Kế hoạch']);
    expect(groups.find((g) => g.label === 'Kế hoạch')?.options).toEqual([
      { value: 'plans:read', label: 'Chỉ đọc' },
      { value: 'plans:write', label: 'Đọc và ghi' },
    ]);
    // Aggregates and the audit log are read-only parts of the API.
    expect(groups.find((g) => g.label === 'Số liệu tổng hợp')?.options.map((o) => o.value)).toEqual(['aggregates:read']);
  });

  it('offers every scope exactly once', () => {
    const values = scopeGroups(vi).flatMap((g) => g.options.map((o) => o.value));
    expect(values).toEqual([...SCOPES]);
    expect(scopeGroups(vi)).toHaveLength(13);
  });
});

describe('includes and redundantScopes', () => {
  it('follows the server: writing includes reading, read and write span every resource', () => {
    expect(includes('write', 'plans:write')).toBe(true);
    expect(includes('read', 'plans:read')).toBe(true);
    expect(includes('read', 'plans:write')).toBe(false);
    expect(includes('plans:write', 'plans:read')).toBe(true);
    expect(includes('plans:read', 'plans:write')).toBe(false);
    expect(includes('plans:write', 'data:read')).toBe(false);
    expect(includes('read', 'write')).toBe(false);
    expect(includes('write', 'read')).toBe(true);
  });

  it('names each chosen scope another chosen one already covers', () => {
    expect(redundantScopes(['plans:read', 'plans:write', 'data:read'])).toEqual([
      { scope: 'plans:read', coveredBy: 'plans:write' },
    ]);
    expect(redundantScopes(['read', 'data:read', 'data:write'])).toEqual([
      { scope: 'data:read', coveredBy: 'read' },
    ]);
    expect(redundantScopes(['write', 'read'])).toEqual([{ scope: 'read', coveredBy: 'write' }]);
    expect(redundantScopes(['data:write', 'catalogue:read'])).toEqual([]);
    expect(redundantScopes([])).toEqual([]);
  });
});

describe('tokenStatus', () => {
  const now = new Date('2024-06-01T00:00:00Z');

  it('is revoked, then expired, then active', () => {
    expect(tokenStatus({ revoked_at: '2024-05-01T00:00:00Z', expires_at: '2024-01-01T00:00:00Z' }, now)).toBe('revoked');
    expect(tokenStatus({ revoked_at: null, expires_at: '2024-05-31T23:59:59Z' }, now)).toBe('expired');
    expect(tokenStatus({ revoked_at: null, expires_at: '2024-06-01T00:00:01Z' }, now)).toBe('active');
  });
});

describe('foldDiacritics', () => {
  it('lets "ke hoach doc" find "Kế hoạch: đọc"', () => {
    expect(foldDiacritics('Kế hoạch: đọc')).toBe('ke hoach: doc');
    expect(foldDiacritics('ĐƠN VỊ')).toBe('don vi');
  });
});

describe('shell words', () => {
  it('leaves plain words bare and quotes the rest so the shell gives them back unchanged', () => {
    expect(shellWord('https://qcdc.example.vn/api/v1/auth/me')).toBe('https://qcdc.example.vn/api/v1/auth/me');
    expect(shellWord('client_secret=abc-DEF_123')).toBe('client_secret=abc-DEF_123');
    const tricky = `it's $HOME and "quotes" \\ \`cmd\``;
    expect(shellWords(shellWord(tricky))).toEqual([tricky]);
    expect(shellWords(shellDoubleQuoted(tricky))).toEqual([tricky]);
    expect(shellDoubleQuoted('Authorization: Bearer qcdc_x')).toBe('"Authorization: Bearer qcdc_x"');
  });
});

describe('examples', () => {
  const TOKEN = 'qcdc_Zx8-4kT_q2b9aLmN0pQrStUvWxYz012345678901';

  it('builds the API base from the page origin', () => {
    expect(apiBase('https://qcdc.binhphuoc.gov.vn')).toBe('https://qcdc.binhphuoc.gov.vn/api/v1');
    expect(apiBase('http://127.0.0.1:8000/')).toBe('http://127.0.0.1:8000/api/v1');
  });

  it('shows a new token with curl and with qcdc login', () => {
    expect(tokenExamples('https://qcdc.binhphuoc.gov.vn', TOKEN)).toEqual({
      curl: `curl -H "Authorization: Bearer ${TOKEN}" https://qcdc.binhphuoc.gov.vn/api/v1/auth/me`,
      cli: `qcdc login --server https://qcdc.binhphuoc.gov.vn --token ${TOKEN}`,
    });
  });

  it('gives the curl command a shell reads back as the right words', () => {
    const { curl } = tokenExamples('http://127.0.0.1:8000', TOKEN);
    expect(shellWords(curl)).toEqual(['curl', '-H', `Authorization: Bearer ${TOKEN}`, 'http://127.0.0.1:8000/api/v1/auth/me']);
  });

  it('shows a client the token URL and the client-credentials grant', () => {
    const examples = clientExamples('https://qcdc.binhphuoc.gov.vn', 'lgsp-binhphuoc', 's3cr3t-_Abc');
    expect(examples.tokenUrl).toBe('https://qcdc.binhphuoc.gov.vn/api/v1/auth/token');
    expect(examples.curl).toBe([
      'curl -X POST https://qcdc.binhphuoc.gov.vn/api/v1/auth/token \\',
      '  -d grant_type=client_credentials \\',
      '  --data-urlencode client_id=lgsp-binhphuoc \\',
      '  --data-urlencode client_secret=s3cr3t-_Abc',
    ].join('\n'));
    expect(shellWords(examples.curl.replace(/\\\n/g, ''))).toEqual([
      'curl', '-X', 'POST', 'https://qcdc.binhphuoc.gov.vn/api/v1/auth/token', '-d', 'grant_type=client_credentials',
      '--data-urlencode', 'client_id=lgsp-binhphuoc', '--data-urlencode', 'client_secret=s3cr3t-_Abc',
    ]);
    expect(examples.call).toBe('curl -H "Authorization: Bearer <access_token>" https://qcdc.binhphuoc.gov.vn/api/v1/auth/me');
  });
});

describe('webhookEventLabel', () => {
  it('names each event of the catalogue in Vietnamese, and an unknown one as it is', () => {
    expect(webhookEventLabel('submission.approved', vi)).toBe('Duyệt báo cáo');
    expect(webhookEventLabel('*', vi)).toBe('Tất cả sự kiện');
    expect(webhookEventLabel('plan.closed', vi)).toBe('plan.closed');
  });
});

describe('webhook signature examples', () => {
  const SECRET = 'whsec-Ab3_xyz';
  const BODY = '{"id":"7","event":"submission.approved","data":{"note":"Xã Song Vân"}}';
  /** The header the server sends: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>. */
  const header = (t: number, body = BODY) => `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.`).update(body).digest('hex')}`;
  const now = () => Math.floor(Date.now() / 1000);

  it('the Node.js example accepts a fresh signature and refuses a forged, altered or old one', () => {
    type Verify = (secret: string, body: Buffer, header: string) => boolean;
    const verify = new Function('require', `${WEBHOOK_VERIFY_NODE}\nreturn verify;`)(createRequire(import.meta.url)) as Verify;
    const body = Buffer.from(BODY, 'utf8');
    expect(verify(SECRET, body, header(now()))).toBe(true);
    expect(verify('another-secret', body, header(now()))).toBe(false);
    expect(verify(SECRET, Buffer.from(BODY.replace('7', '8')), header(now()))).toBe(false);
    expect(verify(SECRET, body, header(now() - 3600))).toBe(false);
    expect(verify(SECRET, body, `t=${now()}`)).toBe(false);
  });

  const python = spawnSync('python3', ['--version']).status === 0;
  it.skipIf(!python)('the Python example does the same', () => {
    const check = (head: string, body: string) => execFileSync('python3', ['-c', `${WEBHOOK_VERIFY_PYTHON}
import sys
print(verify(sys.argv[1], sys.argv[2].encode(), sys.argv[3]))`, SECRET, body, head]).toString().trim();
    expect(check(header(now()), BODY)).toBe('True');
    expect(check(header(now()), BODY.replace('7', '8'))).toBe('False');
    expect(check(header(now() - 3600), BODY)).toBe('False');
  });
});

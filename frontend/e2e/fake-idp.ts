/**
 * A provincial identity provider for the browser tests, as small as OpenID Connect allows: a sign-in
 * page that asks for the account name, a token endpoint that checks the client secret and the PKCE
 * verifier and answers an RS256 ID token, and its JWKS. The QCDC server under test trusts it.
 */
import { createHash, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const IDP_CLIENT_ID = 'qcdc-web';
export const IDP_LABEL = 'Tài khoản dùng chung của tỉnh (thử nghiệm)';
const CLIENT_SECRET = randomBytes(16).toString('hex');
const KID = 'e2e-key';

interface Grant {
  username: string;
  nonce: string;
  challenge: string;
  redirectUri: string;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function body(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => done(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
  });
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startIdentityProvider(): Promise<{ server: Server; env: Record<string, string> }> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', alg: 'RS256' }] };
  const grants = new Map<string, Grant>();
  let issuer = '';

  const idToken = (grant: Grant) => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: issuer, aud: IDP_CLIENT_ID, sub: `e2e-${grant.username}`, iat: now, exp: now + 300, nonce: grant.nonce, preferred_username: grant.username };
    const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: KID }))}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (req.method === 'GET' && url.pathname === '/jwks') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(jwks));
    } else if (req.method === 'GET' && url.pathname === '/authorize') {
      // The provider's own sign-in page; the query goes on as hidden fields.
      const hidden = [...url.searchParams].map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`).join('');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Cổng xác thực tỉnh</title><body><h1>Cổng xác thực tỉnh</h1>`
        + `<form method="post" action="/authorize">${hidden}<label>Tài khoản <input name="username"></label><button>Xác nhận</button></form></body></html>`,
      );
    } else if (req.method === 'POST' && url.pathname === '/authorize') {
      void body(req).then((form) => {
        const code = randomBytes(12).toString('hex');
        grants.set(code, {
          username: form.get('username') ?? '', nonce: form.get('nonce') ?? '', challenge: form.get('code_challenge') ?? '', redirectUri: form.get('redirect_uri') ?? '',
        });
        const back = new URL(form.get('redirect_uri') ?? '/');
        back.search = new URLSearchParams({ code, state: form.get('state') ?? '' }).toString();
        res.writeHead(302, { Location: back.toString() }).end();
      });
    } else if (req.method === 'POST' && url.pathname === '/token') {
      void body(req).then((form) => {
        const basic = `Basic ${Buffer.from(`${IDP_CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
        const grant = grants.get(form.get('code') ?? '');
        grants.delete(form.get('code') ?? '');
        const verifier = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
        if (req.headers.authorization !== basic || !grant || grant.redirectUri !== form.get('redirect_uri') || verifier !== grant.challenge) {
          res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant' }));
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: 'opaque', token_type: 'Bearer', id_token: idToken(grant) }));
      });
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    env: {
      QCDC_OIDC_ISSUER: issuer,
      QCDC_OIDC_AUDIENCE: 'qcdc',
      QCDC_OIDC_JWKS_URL: `${issuer}/jwks`,
      QCDC_OIDC_AUTHORIZATION_URL: `${issuer}/authorize`,
      QCDC_OIDC_TOKEN_URL: `${issuer}/token`,
      QCDC_OIDC_CLIENT_ID: IDP_CLIENT_ID,
      QCDC_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      QCDC_OIDC_LOGIN_LABEL: IDP_LABEL,
    },
  };
}

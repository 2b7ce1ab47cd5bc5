/**
 * Starts the real backend for the browser tests: a fresh SQLite database in a temp dir, migrated
 * and loaded with the demo data, served on a free port with the built SPA, trusting a local identity
 * provider for single sign-on. Returns the teardown.
 *
 * E2E_BASE_URL set: use that server as it is instead (e.g. one started by hand while debugging).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startIdentityProvider } from './fake-idp';

const FRONTEND = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const QCDC = process.env.QCDC_BIN ?? resolve(FRONTEND, '..', '.venv', 'bin', 'qcdc');
export const DIST = join(FRONTEND, 'dist');
const LOG = join(FRONTEND, 'test-results', 'e2e-server.log');

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

export function run(args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(QCDC, args, { env, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`qcdc ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

export async function waitForHealth(url: string, server: ChildProcess, log = LOG, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`qcdc serve exited with ${server.exitCode}; see ${log}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000}s; see ${log}`);
}

export function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => server.kill('SIGKILL'), 10_000);
    server.once('exit', () => {
      clearTimeout(force);
      done();
    });
    server.kill('SIGTERM');
  });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.E2E_BASE_URL) return async () => {};
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST} has no build: run \`npm run build\` first`);
  if (!existsSync(QCDC)) throw new Error(`${QCDC} not found: install the backend (make install) first`);

  const dir = mkdtempSync(join(tmpdir(), 'qcdc-e2e-'));
  const port = await freePort();
  // The province's identity provider, for signing in with single sign-on (sso.spec.ts).
  const idp = await startIdentityProvider();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...idp.env,
    QCDC_DATABASE_URL: `sqlite:///${join(dir, 'e2e.db')}`,
    QCDC_ENV: 'development',
    QCDC_STATIC_DIR: DIST,
    // Every test signs in from 127.0.0.1: the throttle per address is the backend tests' to check.
    QCDC_SIGN_IN_PER_ADDRESS_PER_MINUTE: '1000',
    // The tests' webhook receiver listens on this machine, as a portal inside the province's
    // network would: the operator's allow-list admits it, and nothing else inside.
    QCDC_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32',
  };
  run(['db', 'upgrade'], env);
  // The journeys act as the district officials of the seeds (Hớn Quản's plan, Tân Yên's reviews):
  // the 2024 tree. The demo as served, reform applied, is checked by tests/demo on PostgreSQL.
  run(['demo', 'load', '--no-reform'], env);

  mkdirSync(dirname(LOG), { recursive: true });
  const log = createWriteStream(LOG);
  const server = spawn(QCDC, ['serve', '--host', '127.0.0.1', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(`${baseUrl}/api/v1/health`, server);
  } catch (error) {
    await stop(server);
    idp.server.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // Workers start after this returns and inherit the environment: the tests read the URL here.
  process.env.E2E_BASE_URL = baseUrl;

  return async () => {
    await stop(server);
    idp.server.close();
    log.end();
    rmSync(dir, { recursive: true, force: true });
  };
}

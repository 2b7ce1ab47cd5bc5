/**
 * The demo as `make run` serves it: a database of its own, migrated and loaded with `qcdc demo load`
 * (the reform applied, the users' activity up to today), served with the built SPA. The shared e2e
 * server keeps the 2024 tree the journeys need (global-setup.ts); this one is today's.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from './fixtures';
import { DIST, QCDC, freePort, run, stop, waitForHealth } from './global-setup';

const LOG = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'test-results', 'living-demo-server.log');

export interface LivingDemo {
  url: string;
  close: () => Promise<void>;
}

export async function serveLivingDemo(): Promise<LivingDemo> {
  const dir = mkdtempSync(join(tmpdir(), 'qcdc-living-demo-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    QCDC_DATABASE_URL: `sqlite:///${join(dir, 'demo.db')}`,
    QCDC_ENV: 'development',
    QCDC_STATIC_DIR: DIST,
    QCDC_SIGN_IN_PER_ADDRESS_PER_MINUTE: '1000',
  };
  run(['db', 'upgrade'], env);
  run(['demo', 'load'], env);
  mkdirSync(dirname(LOG), { recursive: true });
  const log = createWriteStream(LOG);
  const server = spawn(QCDC, ['serve', '--host', '127.0.0.1', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    await stop(server);
    log.end();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(`${url}/api/v1/health`, server, LOG);
  } catch (error) {
    await close();
    throw error;
  }
  return { url, close };
}

/** The e2e fixtures, with the pages served from the living demo (one server per worker). */
export const test = base.extend<object, { livingDemo: string }>({
  livingDemo: [async ({}, use) => {
    const demo = await serveLivingDemo();
    await use(demo.url);
    await demo.close();
  }, { scope: 'worker', timeout: 120_000 }],
  baseURL: async ({ livingDemo }, use) => use(livingDemo),
});

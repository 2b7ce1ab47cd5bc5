// Fails when src/api/schema.d.ts is not what `npm run gen:api` makes from ../openapi/openapi.json,
// so a changed API contract cannot go unnoticed by the typed client.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(root, 'src', 'api', 'schema.d.ts');
const dir = mkdtempSync(join(tmpdir(), 'qcdc-api-'));
const fresh = join(dir, 'schema.d.ts');

try {
  const bin = join(root, 'node_modules', '.bin', 'openapi-typescript');
  const result = spawnSync(bin, ['../openapi/openapi.json', '-o', fresh], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    process.exit(result.status ?? 1);
  }
  if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
    console.error('src/api/schema.d.ts is stale: run `npm run gen:api` and fix the types it breaks.');
    process.exit(1);
  }
  console.log('src/api/schema.d.ts matches ../openapi/openapi.json');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

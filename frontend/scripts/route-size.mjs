// The JavaScript a first visit downloads, gzipped: the entry with its static imports, plus a
// route's lazily loaded page chunk and everything that chunk imports statically. Parts a page
// loads on its own later (charts, cards below the first screen) are separate chunks, not counted.
// Fails when the first route a visitor sees (sign-in, then the dashboard) exceeds the budget.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 400;
const dist = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));

function closure(keys) {
  const seen = new Set();
  const walk = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) walk(next);
  };
  keys.forEach(walk);
  return seen;
}

const gzipped = (key) => gzipSync(readFileSync(join(dist, manifest[key].file))).length;
const kb = (keys) => [...keys].reduce((sum, key) => sum + gzipped(key), 0) / 1024;
const entry = closure(Object.keys(manifest).filter((key) => manifest[key].isEntry));
/** A lazily loaded page by its module name (a chunk shared with others is keyed by file, not by source). */
const page = (name) => {
  const key = Object.keys(manifest).find((k) => manifest[k].isDynamicEntry && manifest[k].name === name);
  if (!key) throw new Error(`no lazily loaded chunk named ${name} in the build`);
  return key;
};
const route = (...names) => new Set([...entry, ...closure(names.map(page))]);

const routes = {
  'sign-in (/login)': route('LoginPage'),
  'dashboard (/)': route('AppShell', 'DashboardPage'),
};
let over = false;
for (const [name, keys] of Object.entries(routes)) {
  const size = kb(keys);
  console.log(`${name}: ${size.toFixed(1)} KB of JavaScript, gzipped (${keys.size} files)`);
  if (size > BUDGET_KB) over = true;
}
if (over) {
  console.error(`A first route is over the ${BUDGET_KB} KB budget.`);
  process.exit(1);
}

/**
 * Accessibility: axe-core finds no serious or critical violation (WCAG 2.1 A and AA) on any page,
 * as each kind of user sees it on the living demo (plans, reports and figures on every page).
 * Minor and moderate findings are printed, not failed.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, signIn } from './fixtures';
import { test } from './living-demo';

const BLOCKING = new Set(['serious', 'critical']);

async function audit(page: Page, where: string): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const v of violations.filter((found) => !BLOCKING.has(found.impact ?? ''))) {
    console.log(`${where}: ${v.impact} ${v.id} (${v.nodes.length})`);
  }
  return violations
    .filter((found) => BLOCKING.has(found.impact ?? ''))
    .map((found) => `${where}: ${found.impact} ${found.id}: ${found.help} — ${found.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

async function auditAll(page: Page, paths: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    found.push(...(await audit(page, path)));
  }
  return found;
}

/** The first row's link of a list page, so detail pages are audited with real content. */
async function firstDetail(page: Page, list: string, href: RegExp): Promise<string> {
  await page.goto(list);
  await expect(page.locator('main a[href]').filter({ hasText: /\S/ }).first()).toBeVisible();
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  const found = hrefs.find((h) => href.test(h));
  expect(found, `a link to ${href} on ${list}`).toBeTruthy();
  return found ?? '';
}

test('the sign-in page', async ({ page }) => {
  await page.goto('/login');
  expect(await audit(page, '/login')).toEqual([]);
});

test('every page an administrator sees', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'admin');
  await expect(page.getByRole('navigation')).toBeVisible();
  const found = await auditAll(page, ['/', '/units', '/plans', '/indicators', '/reporting-forms', '/admin/users', '/admin/units',
    '/admin/audit', '/admin/api-clients', '/admin/webhooks', '/admin/reorganisation', '/figures-import',
    '/account/api-tokens', '/no-such-page']);
  found.push(...(await auditAll(page, [await firstDetail(page, '/admin/units', /^\/units\/\d+$/)])));
  expect(found).toEqual([]);
});

test('every page a planner and a reviewer see', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'honquan.planner');
  await expect(page.getByRole('navigation')).toBeVisible();
  const found = await auditAll(page, ['/', '/plans', '/plans/import', '/tasks', '/indicators', '/reporting-forms']);
  found.push(...(await auditAll(page, [await firstDetail(page, '/plans', /^\/plans\/\d+$/)])));
  await page.context().clearCookies();
  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
  await signIn(page, 'tanyen.reviewer');
  await expect(page.getByRole('navigation')).toBeVisible();
  found.push(...(await auditAll(page, ['/', '/review'])));
  found.push(...(await auditAll(page, [await firstDetail(page, '/review', /^\/review\/\d+$/)])));
  expect(found).toEqual([]);
});

test('every page a reporter sees', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'songvan.reporter');
  await expect(page.getByRole('navigation')).toBeVisible();
  const found = await auditAll(page, ['/', '/tasks', '/reports']);
  // Its report sent back: the figures grid open for typing.
  found.push(...(await auditAll(page, [await firstDetail(page, '/reports', /^\/reports\/\d+$/)])));
  expect(found).toEqual([]);
});

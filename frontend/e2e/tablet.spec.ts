/**
 * On a tablet (768 × 1024, portrait), as commune officials often work: the menu folds to icons, and
 * no page is wider than the screen (tables scroll inside their card).
 */
import type { Page } from '@playwright/test';
import { expect, screenshot, signIn, test } from './fixtures';

test.use({ viewport: { width: 768, height: 1024 } });

async function fitsTheScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'the page is wider than the screen').toBeLessThanOrEqual(0);
}

test('a commune reporter works on a tablet: dashboard, tasks, reports, a plan', async ({ page }) => {
  await signIn(page, 'songvan.reporter');
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  await expect(nav).toBeVisible();
  await expect(page.getByTestId('current-user')).toBeVisible();
  // The folded menu still names the app on one line.
  const name = page.getByText('QCDC', { exact: true });
  expect((await name.boundingBox())?.height ?? 0).toBeLessThan(30);
  await fitsTheScreen(page);
  await screenshot(page, 'tablet-dashboard');

  for (const [entry, heading] of [['Nhiệm vụ của tôi', 'Nhiệm vụ của tôi'], ['Báo cáo', 'Báo cáo của đơn vị'], ['Kế hoạch', 'Kế hoạch']] as const) {
    await nav.getByRole('link', { name: entry, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await fitsTheScreen(page);
  }
  await page.mouse.move(400, 700);
  await screenshot(page, 'tablet-plans');
});

/**
 * Issue 18 §1: on a fresh `make run`-style database (living-demo.ts), every kind of demo user finds
 * their first screen populated: the key indicators of the latest year with figures and how many
 * units reported them, and what asks for their action (overdue tasks, reports waiting or returned).
 */
import type { Page } from '@playwright/test';
import { expect, screenshot, signIn } from './fixtures';
import { test } from './living-demo';

test.describe.configure({ mode: 'serial' });

/** The dashboard's work figure named `title` (a link "title: n") shows a count above zero. */
async function expectWork(page: Page, title: string): Promise<void> {
  await expect(page.getByRole('link', { name: new RegExp(`^${title}: [1-9]`) })).toBeVisible();
}

/**
 * The key indicators open on the latest year offered, with a figure and, for a unit others report
 * to (not an agency reporting for itself), how many of them reported it.
 */
async function expectKeyFigures(page: Page, { reporters = true } = {}): Promise<void> {
  const years = page.getByRole('radiogroup', { name: 'Năm báo cáo' }).or(page.locator('.ant-segmented'));
  await expect(years.locator('.ant-segmented-item').last()).toHaveClass(/ant-segmented-item-selected/);
  const tile = page.locator('a[data-indicator="QCDC_DISCLOSURE_DONE"]');
  await expect(tile).toHaveAttribute('aria-label', /: [0-9]/);
  if (reporters) await expect(tile).toContainText(/[1-9]\d*\/[1-9]\d* đơn vị đã báo cáo/);
}

/** The quarter holding today in Vietnam, as a task's occurrence is labelled ("Quý IV/2026"). */
function quarterOfToday(): string {
  const vietnam = new Date(Date.now() + 7 * 3_600_000);
  return `Quý ${['I', 'II', 'III', 'IV'][Math.floor(vietnam.getUTCMonth() / 3)]}/${vietnam.getUTCFullYear()}`;
}

async function firstScreen(page: Page, username: string, unit: string): Promise<void> {
  await signIn(page, username);
  await expect(page.getByRole('heading', { level: 1, name: `Tổng quan · ${unit}` })).toBeVisible();
}

test('a planner of a province sees its communes\' figures of this year, all reported', async ({ page }) => {
  await firstScreen(page, 'krongpac.planner', 'Tỉnh Đắk Lắk');
  await expectKeyFigures(page);
  await expect(page.locator('a[data-indicator="QCDC_LEADER_DIALOGUES"]')).toHaveAttribute('aria-label', /: [1-9]/);
  await screenshot(page, 'first-screen-planner');
  const completeness = page.getByRole('status').filter({ hasText: 'đơn vị đã báo cáo' });
  await page.mouse.wheel(0, 600);
  await expect(completeness).toContainText(/: [1-9]\d*\/[1-9]\d* đơn vị đã báo cáo/);
  await expect(completeness).not.toContainText(': 0/');
  await screenshot(page, 'first-screen-planner-completeness');
});

test('the planner who issued seed 001 finds the plan and its overdue tasks', async ({ page }) => {
  await firstScreen(page, 'honquan.planner', 'Tỉnh Đồng Nai');
  await expectKeyFigures(page);
  await expectWork(page, 'Nhiệm vụ quá hạn');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Kế hoạch' }).click();
  await expect(page.getByText('45/KH-UBND').first()).toBeVisible();
  await screenshot(page, 'first-screen-plans');
});

test('a reviewer sees reports waiting in the queue', async ({ page }) => {
  await firstScreen(page, 'tanyen.reviewer', 'Tỉnh Bắc Ninh');
  await expectWork(page, 'Báo cáo chờ duyệt');
  await expectKeyFigures(page);
  await screenshot(page, 'first-screen-reviewer');
});

test('a viewer of the steering committee sees the province\'s figures', async ({ page }) => {
  await firstScreen(page, 'bacgiang.viewer', 'Tỉnh Bắc Ninh');
  await expectKeyFigures(page);
  await screenshot(page, 'first-screen-viewer');
});

test('a commune reporter sees the report sent back, the commune\'s figures and the province\'s tasks', async ({ page }) => {
  await firstScreen(page, 'songvan.reporter', 'Xã Song Vân');
  await expectWork(page, 'Báo cáo bị trả lại');
  await expectKeyFigures(page);
  await screenshot(page, 'first-screen-commune-reporter');
  // The province's plan of this year (12/KH-UBND, the demo's illustration) gives the communes a
  // quarterly report, one falling due this quarter.
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhiệm vụ của tôi' }).click();
  const quarterly = page.getByRole('row', { name: /III\.3\.b Hằng quý/ });
  await expect(quarterly).toBeVisible();
  await expect(quarterly.getByRole('link', { name: '12/KH-UBND' })).toBeVisible();
  await quarterly.click();
  const thisQuarter = page.getByRole('cell', { name: quarterOfToday(), exact: true });
  await expect(thisQuarter).toBeVisible();
  await thisQuarter.scrollIntoViewIfNeeded();
  await screenshot(page, 'first-screen-commune-tasks');
});

test('an agency reporter sees overdue tasks and finds them in My tasks', async ({ page }) => {
  await firstScreen(page, 'honquan.phongnoivu.reporter', 'Sở Nội vụ tỉnh Đồng Nai');
  await expectWork(page, 'Nhiệm vụ quá hạn');
  await expectKeyFigures(page, { reporters: false });
  await screenshot(page, 'first-screen-agency-reporter');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhiệm vụ của tôi' }).click();
  await expect(page.getByRole('row', { name: /III\./ }).first()).toBeVisible();
  await screenshot(page, 'first-screen-my-tasks');
});

test('the administrator sees the country\'s first province with figures', async ({ page }) => {
  await firstScreen(page, 'admin', 'Toàn hệ thống');
  await expectKeyFigures(page);
  await screenshot(page, 'first-screen-admin');
});

/**
 * A compiled report (báo cáo tổng hợp): Krông Pắc's planner compiles the district's 2021S1 report
 * from the reports of the agencies and enterprises below, reads the totals and who did not hold
 * the workers' conference, writes a sentence of the narrative beside the material and saves.
 */
import { chooseOption, expect, screenshot, signIn, test } from './fixtures';

test('a district planner compiles the 2021S1 report, reads the material and writes its text', async ({ page }) => {
  await signIn(page, 'krongpac.planner');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Báo cáo', exact: true }).click();

  const opener = page.locator('.ant-card').filter({ has: page.getByText('Tổng hợp báo cáo', { exact: true }) });
  await expect(opener.locator('#compile-form').locator('xpath=ancestor::div[contains(@class, "ant-select")][1]'))
    .toContainText('Báo cáo tổng hợp kết quả thực hiện dân chủ ở cơ sở (6 tháng)');
  await expect(opener.locator('#compile-unit').locator('xpath=ancestor::div[contains(@class, "ant-select")][1]'))
    .toContainText('Huyện Krông Pắc');
  await page.locator('#compile-period').fill('2021');
  await chooseOption(page, '6 tháng đầu năm 2021');
  await opener.getByRole('button', { name: 'Tổng hợp báo cáo' }).click();

  await expect(page).toHaveURL(/\/reports\/\d+$/);
  const figures = page.locator('.ant-card').filter({ hasText: 'Số liệu tổng hợp từ cấp dưới' });
  const staff = figures.getByRole('row').filter({ hasText: 'Tổ chức Hội nghị cán bộ, công chức, viên chức, người lao động' });
  await expect(staff).toContainText('24/24 (100%)');
  const workers = figures.getByRole('row').filter({ hasText: 'Tổ chức Hội nghị người lao động' });
  await expect(workers).toContainText('13/15 (86,7%)');
  await expect(workers).toContainText('Chưa thực hiện: Hợp tác xã Cà phê Ea Yông, Hợp tác xã Nông nghiệp Dịch vụ Ea Kly');
  // The figures are the material's: no grid to type into.
  await expect(page.locator('tr[data-code]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Làm mới số liệu tổng hợp' })).toBeVisible();

  const sentence = 'Toàn huyện 24/24 cơ quan, đơn vị tổ chức hội nghị cán bộ, công chức; 13/15 doanh nghiệp tổ chức hội nghị người lao động.';
  await page.getByLabel('Kết quả đạt được').fill(sentence);
  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu' })).toBeVisible();

  await page.getByRole('button', { name: 'Làm mới số liệu tổng hợp' }).click();
  await expect(page.getByText('Đã làm mới số liệu tổng hợp; phần thuyết minh đã viết được giữ nguyên.')).toBeVisible();
  await expect(page.getByLabel('Kết quả đạt được')).toHaveValue(sentence);
  // The toasts would cover the page's title.
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'compiled-report');
});

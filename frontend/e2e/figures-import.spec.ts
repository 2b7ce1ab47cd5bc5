/**
 * The Excel round trip in the browser: a commune reporter downloads the template of the quarterly
 * report, uploads a filled workbook, sees the dry run point at the bad cell, then imports.
 * The workbook is written here with the key row the importer reads, as any spreadsheet tool could.
 */
import writeXlsxFile from 'write-excel-file/node';
import { expect, pick, screenshot, signIn, test } from './fixtures';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function filled(period: string): Promise<Buffer> {
  return writeXlsxFile([
    ['indicator', 'org_unit', 'period', 'value'],
    ['QCDC_VILLAGE_MEETINGS', '07345', period, 13],
    ['QCDC_DISCLOSURE_DONE', '07345', period, 'có'],
    ['QCDC_CONSULTATIONS', '07345', period, 'nhiều'],
  ], { sheet: 'Số liệu' }).toBuffer();
}

test('a commune reporter downloads the Excel template, checks a filled file and imports it', async ({ page }) => {
  await signIn(page, 'songvan.reporter');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhập số liệu từ Excel' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nhập số liệu từ Excel' })).toBeVisible();
  await expect(page.getByText('Xã Song Vân', { exact: true })).toBeVisible();

  await pick(page, page.getByLabel('Mẫu báo cáo'), 'Báo cáo quý về thực hiện dân chủ ở xã, phường, thị trấn');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tải mẫu Excel' }).click();
  const template = await downloading;
  const period = /^QCDC_COMMUNE_QUARTERLY_(\d{4}Q[1-4])\.xlsx$/.exec(template.suggestedFilename())?.[1];
  expect(period, template.suggestedFilename()).toBeTruthy();
  expect(await template.failure()).toBeNull();

  await page.locator('input[type=file]').setInputFiles({ name: 'so-lieu.xlsx', mimeType: XLSX, buffer: await filled(period ?? '') });
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await expect(page.getByRole('heading', { name: 'Kết quả kiểm tra (chưa ghi)' })).toBeVisible();
  const created = page.locator('.ant-descriptions-item-label', { hasText: 'Thêm mới' }).locator('xpath=following-sibling::td[1]');
  await expect(created).toHaveText('2');
  const conflict = page.getByRole('row').filter({ hasText: 'Giá trị không hợp lệ' });
  await expect(conflict.getByRole('cell', { name: 'Số liệu', exact: true })).toBeVisible();
  await expect(conflict.getByRole('cell', { name: 'D4', exact: true })).toBeVisible();
  await screenshot(page, 'figures-import-check');

  await page.getByRole('button', { name: 'Nhập', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Kết quả nhập' })).toBeVisible();
  await expect(page.getByText('Đã nhập số liệu.')).toBeVisible();
  await expect(created).toHaveText('2');

  // Checked again, the same file changes nothing: the figures are stored.
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  const unchanged = page.locator('.ant-descriptions-item-label', { hasText: 'Không đổi' }).locator('xpath=following-sibling::td[1]');
  await expect(unchanged).toHaveText('2');
});

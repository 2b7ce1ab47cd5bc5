/**
 * A planner drops the district's Word plan on the import page: Word's automatic numbering (the
 * numbers are in numbering.xml, not in the text) and the annex table come back as text beside the
 * section tree, with what was recognised marked; the planner corrects the text and a body's match,
 * previews again and saves. The file is written by tests/plans/plan_documents.py (`python -m
 * tests.plans.plan_documents frontend/e2e/fixtures`), the builders of the backend's tests.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseOption, expect, screenshot, signIn, test } from './fixtures';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PLAN = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'ke-hoach-huyen.docx'));

test('a planner drops a Word plan with automatic numbering and an annex table, corrects it and saves', async ({ page }) => {
  await signIn(page, 'honquan.planner');
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toBeVisible();
  await page.goto('/plans/import');
  await expect(page.getByRole('heading', { level: 1, name: 'Nhập kế hoạch từ văn bản' })).toBeVisible();

  await page.locator('input[type=file]').setInputFiles({ name: 'ke-hoach-huyen.docx', mimeType: DOCX, buffer: PLAN });
  await expect(page.getByText('Nội dung dưới đây đọc từ tệp ke-hoach-huyen.docx')).toBeVisible();

  const source = page.getByTestId('import-source-text');
  await expect(source).toContainText('II. NHIỆM VỤ TRỌNG TÂM\n1. Tuyên truyền, phổ biến pháp luật về dân chủ ở cơ sở\na) Biên soạn');
  await expect(source).toContainText('đ) Phát hành tờ gấp đến các khu dân cư.\ne) Tổ chức cuộc thi');
  await expect(source).toContainText('| 2 | Tập huấn nghiệp vụ hòa giải ở cơ sở | Phòng Tư pháp | Các phòng chuyên môn | Trong tháng 7 năm 2025 |');
  await expect(source.locator('mark[data-finding="body"]', { hasText: 'Phòng Nội vụ' }).first()).toBeVisible();

  const tree = page.getByRole('tree', { name: 'Nội dung kế hoạch' });
  await expect(tree.getByText('II. NHIỆM VỤ TRỌNG TÂM')).toBeVisible();
  await expect(tree.getByText('III. TỔ CHỨC THỰC HIỆN')).toBeVisible();
  const text = page.getByLabel('Toàn văn kế hoạch');
  await expect(text).toHaveValue(/^ỦY BAN NHÂN DÂN\nHUYỆN HỚN QUẢN\nSố: 41\/KH-UBND/);
  await screenshot(page, 'plan-file-import-preview');
  await source.getByText('III. TỔ CHỨC THỰC HIỆN').scrollIntoViewIfNeeded();
  await screenshot(page, 'plan-file-import-text');

  // The planner corrects the text as read, previews the correction and saves it.
  const corrected = (await text.inputValue()).replace('Tổ chức cuộc thi tìm hiểu pháp luật.', 'Tổ chức cuộc thi tìm hiểu pháp luật về dân chủ ở cơ sở.');
  await text.fill(corrected);
  await page.getByRole('button', { name: 'Xem trước', exact: true }).click();
  await expect(source).toContainText('e) Tổ chức cuộc thi tìm hiểu pháp luật về dân chủ ở cơ sở.');

  // A match the planner disagrees with is changed in the bodies' table and read again.
  const match = page.getByLabel('Đơn vị tương ứng với “Phòng Tư pháp”');
  await match.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]').click();
  await page.keyboard.type('Tài chính');
  await chooseOption(page, 'Phòng Tài chính – Kế hoạch huyện Hớn Quản');
  await expect(page.getByText('Đã chọn đơn vị; bấm “Xem trước lại”')).toBeVisible();
  await page.getByRole('button', { name: 'Xem trước lại' }).click();
  await expect(page.getByText('Sẵn sàng lưu.')).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Phòng Tư pháp', exact: true }) });
  await expect(row.locator('.ant-select-selection-item')).toHaveText('Phòng Tài chính – Kế hoạch huyện Hớn Quản');
  await page.getByRole('button', { name: 'Lưu kế hoạch' }).click();
  await expect(page).toHaveURL(/\/plans\/\d+$/);
  await expect(tree.getByText('tìm hiểu pháp luật về dân chủ ở cơ sở')).toBeVisible();
});

/**
 * Reporting forms (Biểu mẫu báo cáo) in the web app against the real server: a district planner
 * creates a quarterly form of its own with two indicators of the national catalogue and a reminder
 * 3 working days ahead, reopens it and changes the reminder; the list shows each change. The
 * national forms are read-only to the planner. Both screens pass axe (serious and critical).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { DEMO_PASSWORD, expect, pick, signIn, test } from './fixtures';

const RUN = Date.now().toString(36).toUpperCase();
const CODE = `E2E_HONQUAN_QUY_${RUN}`;
const RECEIVED = 'QCDC_COMPLAINTS_RECEIVED';
const RESOLVED = 'QCDC_COMPLAINTS_RESOLVED';

async function blockingViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  const { violations } = await (include ? builder.include(include) : builder).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} (${n.failureSummary ?? ''})`).join(' | ')}`);
}

/** Adds a catalogue indicator through the drawer's search box, by its code. */
async function addIndicator(page: Page, drawer: Locator, code: string): Promise<void> {
  const picker = drawer.getByLabel('Thêm chỉ số từ danh mục');
  await picker.click();
  await picker.fill(code);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: code });
  await expect(option).toHaveCount(1);
  await option.click();
  await expect(drawer.getByRole('list', { name: 'Chỉ số' }).getByText(code, { exact: true })).toBeVisible();
}

function formRow(page: Page): Locator {
  return page.getByRole('row').filter({ hasText: CODE });
}

test('a planner creates a reporting form, then changes its reminder days', async ({ page, request }) => {
  test.setTimeout(120_000);
  await signIn(page, 'honquan.planner');
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  // "Báo cáo" alone also names the reports entry: the other specs ask for it exactly.
  await expect(nav.getByRole('link', { name: 'Báo cáo', exact: true })).toHaveCount(1);
  await nav.getByRole('link', { name: 'Biểu mẫu báo cáo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Biểu mẫu báo cáo' })).toBeVisible();

  // The national catalogue is listed, with its period, deadlines and reminder; a planner reads it only.
  const annual = page.getByRole('row').filter({ hasText: 'QCDC_COMMUNE_ANNUAL' });
  await expect(annual).toContainText('Năm');
  await expect(annual).toContainText('Xã 5 · Huyện 10 · Tỉnh 15');
  await expect(annual).toContainText('3 ngày');
  await expect(annual).toContainText('Toàn quốc');
  await expect(annual).toContainText('Báo cáo kết quả thực hiện dân chủ ở xã, phường, thị trấn');
  await expect(annual.getByRole('button', { name: 'Xem QCDC_COMMUNE_ANNUAL' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Sửa QCDC_/ })).toHaveCount(0);
  await page.screenshot({ path: '/tmp/forms-list.png', animations: 'disabled' });
  expect(await blockingViolations(page)).toEqual([]);

  await annual.getByRole('button', { name: 'Xem QCDC_COMMUNE_ANNUAL' }).click();
  const view = page.getByRole('dialog', { name: 'Mẫu báo cáo QCDC_COMMUNE_ANNUAL' });
  await expect(view.getByText('Bạn chỉ xem được mẫu này', { exact: false })).toBeVisible();
  await expect(view.getByLabel('Nhắc trước hạn nộp')).toBeDisabled();
  await expect(view.getByText('Toàn quốc (dùng chung)')).toBeVisible();
  await expect(view.getByRole('list', { name: 'Chỉ số' }).getByRole('listitem')).toHaveCount(25);
  await expect(view.getByRole('button', { name: /Tạo mẫu|Lưu/ })).toHaveCount(0);
  await view.getByRole('button', { name: 'Đóng' }).first().click();
  await expect(view).toBeHidden();

  // A new quarterly form of Hớn Quản: two indicators, one required, a section, a deadline, a check.
  await page.getByRole('button', { name: 'Thêm mẫu báo cáo' }).click();
  const drawer = page.getByRole('dialog', { name: 'Thêm mẫu báo cáo' });
  await expect(drawer.getByLabel('Đơn vị sở hữu')).toBeVisible();
  await expect(drawer.getByText('Huyện Hớn Quản')).toBeVisible();
  await expect(drawer.getByLabel('Nhắc trước hạn nộp')).toHaveValue('3');

  // Nothing is sent until the form is whole: the missing parts are named beside their fields.
  await drawer.getByRole('button', { name: 'Tạo mẫu báo cáo' }).click();
  await expect(drawer.getByText('Nhập mã mẫu báo cáo.')).toBeVisible();
  await expect(drawer.getByText('Chọn ít nhất một chỉ số.')).toBeVisible();

  await drawer.getByLabel('Mã mẫu').fill(CODE);
  await drawer.getByLabel('Tên mẫu báo cáo').fill(`Báo cáo quý về tiếp nhận, giải quyết đơn thư (${RUN})`);
  await pick(page, drawer.getByLabel('Kỳ báo cáo'), 'Quý');
  await addIndicator(page, drawer, RECEIVED);
  await addIndicator(page, drawer, RESOLVED);
  await expect(drawer.getByText('Chọn ít nhất một chỉ số.')).toBeHidden();
  await drawer.getByRole('switch', { name: `Bắt buộc nhập ${RECEIVED}` }).click();
  await expect(drawer.getByRole('switch', { name: `Bắt buộc nhập ${RECEIVED}` })).toBeChecked();

  await drawer.getByRole('button', { name: 'Thêm mục' }).click();
  await drawer.getByLabel('Tiêu đề mục 1').fill('Kết quả đạt được');
  await expect(drawer.getByLabel('Mã mục 1')).toHaveValue('ket_qua_dat_duoc');

  await drawer.getByLabel('Cấp xã').fill('5');
  await drawer.getByLabel('Nhắc trước hạn nộp').fill('3');

  await drawer.getByRole('button', { name: 'Thêm quy tắc' }).click();
  const rule = drawer.getByRole('group', { name: 'Quy tắc 1' });
  await pick(page, rule.getByLabel('Chỉ số', { exact: true }), `${RESOLVED} — Số đơn khiếu nại, tố cáo, kiến nghị, phản ánh đã giải quyết`);
  await pick(page, rule.getByLabel('So với chỉ số'), `${RECEIVED} — Số đơn khiếu nại, tố cáo, kiến nghị, phản ánh đã tiếp nhận`);
  await rule.getByLabel('Thông báo khi sai').fill('Số đơn đã giải quyết không được lớn hơn số đơn đã tiếp nhận.');

  await drawer.locator('.ant-drawer-body').evaluate((body) => body.scrollTo(0, 0));
  await page.screenshot({ path: '/tmp/forms-drawer.png', animations: 'disabled' });
  await drawer.getByRole('heading', { name: 'Chỉ số' }).evaluate((heading) => heading.scrollIntoView());
  await page.screenshot({ path: '/tmp/forms-drawer-middle.png', animations: 'disabled' });
  await drawer.locator('.ant-drawer-body').evaluate((body) => body.scrollTo(0, body.scrollHeight));
  await page.screenshot({ path: '/tmp/forms-drawer-bottom.png', animations: 'disabled' });
  expect(await blockingViolations(page, '.ant-drawer')).toEqual([]);

  // A code already taken is refused by the server, and said beside the code in Vietnamese.
  await drawer.getByLabel('Mã mẫu').fill('QCDC_COMMUNE_ANNUAL');
  await drawer.getByRole('button', { name: 'Tạo mẫu báo cáo' }).click();
  await expect(drawer.getByText('Mã mẫu báo cáo này đã được dùng. Hãy chọn mã khác.')).toBeVisible();
  await drawer.getByLabel('Mã mẫu').fill(CODE);
  await drawer.getByRole('button', { name: 'Tạo mẫu báo cáo' }).click();
  await expect(page.getByText(/Đã tạo mẫu báo cáo/)).toBeVisible();
  await expect(drawer).toBeHidden();

  // The list is read again: the new form is there as saved, and the planner may change it.
  await page.getByLabel('Tìm mẫu báo cáo').fill(CODE);
  await page.getByLabel('Tìm mẫu báo cáo').press('Enter');
  await expect(page.getByRole('row')).toHaveCount(2);
  const row = formRow(page);
  for (const text of ['Quý', 'Xã 5', '3 ngày', 'Riêng đơn vị', 'Đang dùng']) await expect(row).toContainText(text);
  await expect(row.getByRole('cell').nth(2)).toHaveText('2');

  // Reopened, the drawer shows what was saved; the reminder becomes 7 days.
  await row.getByRole('button', { name: `Sửa ${CODE}` }).click();
  const edit = page.getByRole('dialog', { name: `Sửa mẫu báo cáo ${CODE}` });
  await expect(edit.getByLabel('Mã mẫu')).toBeDisabled();
  await expect(edit.getByLabel('Nhắc trước hạn nộp')).toHaveValue('3');
  await expect(edit.getByRole('switch', { name: `Bắt buộc nhập ${RECEIVED}` })).toBeChecked();
  await expect(edit.getByRole('switch', { name: `Bắt buộc nhập ${RESOLVED}` })).not.toBeChecked();
  await expect(edit.getByLabel('Mã mục 1')).toHaveValue('ket_qua_dat_duoc');
  await expect(edit.getByLabel('Cấp xã')).toHaveValue('5');
  await edit.getByLabel('Nhắc trước hạn nộp').fill('7');
  await edit.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText(/Đã lưu mẫu báo cáo/)).toBeVisible();
  await expect(edit).toBeHidden();
  await expect(formRow(page)).toContainText('7 ngày');
  await expect(formRow(page)).not.toContainText('3 ngày');

  // The server has it as the list says, lines and check included.
  const grant = await request.post('/api/v1/auth/token', { form: { grant_type: 'password', username: 'honquan.planner', password: DEMO_PASSWORD } });
  const headers = { Authorization: `Bearer ${((await grant.json()) as { access_token: string }).access_token}` };
  const listed = await request.get('/api/v1/reporting-forms', { headers, params: { q: CODE } });
  const saved = ((await listed.json()) as { items: Record<string, unknown>[] }).items[0];
  expect(saved).toMatchObject({
    code: CODE,
    period_type: 'quarter',
    remind_days_before: 7,
    deadline_working_days: { commune: 5 },
    narrative: [{ key: 'ket_qua_dat_duoc', title: 'Kết quả đạt được' }],
    rules: [{ left: RESOLVED, op: '<=', right: RECEIVED }],
    indicators: [{ code: RECEIVED, required: true }, { code: RESOLVED, required: false }],
  });
});

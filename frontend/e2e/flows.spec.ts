/**
 * The working flows of the app, end to end through the UI against the real server: a plan imported
 * from seed 001, task progress with evidence, the 2023 report of Song Vân filled, returned, fixed,
 * approved, and its figures on the dashboard and the indicators page; units administration.
 * The steps share one demo database, so they run in order.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { chooseOption, expect, pick, screenshot, signIn, test } from './fixtures';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The backend's Python, which carries pyHanko: it signs PDFs here as an official's signing tool would.
const PYTHON = process.env.QCDC_PYTHON ?? join(dirname(process.env.QCDC_BIN ?? join(REPO, '.venv', 'bin', 'qcdc')), 'python');

/** Signs `source` into `target` with a certificate made on the spot (tests/documents/signing.py). */
function signPdf(source: string, target: string, signer: string): void {
  const result = spawnSync(PYTHON, ['-m', 'tests.documents.signing', source, target, signer], { cwd: REPO, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`signing failed (${result.status}): ${result.stderr}`);
}

const SEED_001 = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'seed_001.txt'), 'utf8');

test.describe.configure({ mode: 'serial' });

const nav = (page: Page) => page.getByRole('navigation', { name: 'Điều hướng chính' });
const figure = (page: Page, code: string): Locator => page.locator(`tr[data-code="${code}"]`);

async function fillCount(page: Page, code: string, value: string): Promise<void> {
  await figure(page, code).getByRole('textbox').fill(value);
}

async function fillAnnualReport(page: Page): Promise<void> {
  await figure(page, 'QCDC_DISCLOSURE_DONE').getByText('Có', { exact: true }).click();
  await fillCount(page, 'QCDC_LEADER_DIALOGUES', '2');
  await fillCount(page, 'QCDC_LEADER_DIALOGUE_PARTICIPANTS', '8');
  await fillCount(page, 'QCDC_FRONT_SUPERVISIONS', '3');
  await fillCount(page, 'QCDC_FRONT_SURVEYS', '7');
  await figure(page, 'QCDC_VILLAGES_WITH_CONVENTION').getByRole('textbox').nth(0).fill('13');
  await figure(page, 'QCDC_VILLAGES_WITH_CONVENTION').getByRole('textbox').nth(1).fill('13');
  await fillCount(page, 'QCDC_INSPECTIONS', '1');
  await fillCount(page, 'QCDC_UNITS_INSPECTED', '2');
  await page.getByLabel('Kết quả đạt được').fill('Tổ chức 2 cuộc đối thoại với 8 lượt người tham gia; 13/13 thôn có hương ước, quy ước.');
}

let agencyReportUrl = '';

/** Scrolls a screen at a time, so what loads on sight loads. */
async function scrollDown(page: Page): Promise<void> {
  for (let step = 0; step < 6; step += 1) {
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(150);
  }
}

test('a planner imports seed 001, sees its nine bodies, saves, issues and amends the plan', async ({ page }) => {
  // The longest journey of the suite: a minute on a quiet machine, more on a shared one.
  test.slow();
  await signIn(page, 'honquan.planner');
  await nav(page).getByRole('link', { name: 'Kế hoạch' }).click();
  await expect(page.getByText('Chưa có kế hoạch nào.')).toBeVisible();
  await screenshot(page, 'plans-empty');
  await page.getByRole('button', { name: 'Nhập kế hoạch từ văn bản' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nhập kế hoạch từ văn bản' })).toBeVisible();

  await page.getByRole('button', { name: 'Xem trước' }).click();
  await expect(page.getByText('Dán nội dung kế hoạch.')).toBeVisible();
  await page.getByLabel('Toàn văn kế hoạch').fill(SEED_001);
  await page.getByRole('button', { name: 'Xem trước' }).click();

  const bodies = page.locator('.ant-card').filter({ hasText: 'Cơ quan, đơn vị được giao nhiệm vụ (9)' });
  await expect(bodies).toBeVisible();
  await expect(bodies.getByRole('row')).toHaveCount(10);
  for (const name of ['Phòng Nội vụ', 'Phòng Tư pháp', 'Liên đoàn Lao động huyện', 'Ban Dân vận Huyện ủy']) {
    await expect(bodies.getByRole('cell', { name, exact: true })).toBeVisible();
  }
  await expect(bodies.getByRole('cell', { name: 'Các phòng ban chuyên môn, đơn vị sự nghiệp, UBND các xã, thị trấn', exact: true })).toBeVisible();
  const mapping = page.locator('.ant-card').filter({ hasText: 'Tên chưa khớp với đơn vị nào (1)' });
  await expect(mapping.getByRole('cell', { name: 'Đài truyền thanh cấp xã, thị trấn', exact: true })).toBeVisible();
  await screenshot(page, 'plan-import-preview');

  // The name stays unmatched on purpose: no commune radio is a unit of its own yet.
  await expect(page.getByText('1 tên chưa chọn đơn vị')).toBeVisible();
  await page.getByRole('button', { name: 'Lưu kế hoạch' }).click();
  await expect(page).toHaveURL(/\/plans\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Dự thảo kế hoạch (chưa có số)' })).toBeVisible();
  await expect(page.getByRole('tree', { name: 'Nội dung kế hoạch' }).getByText('III. TỔ CHỨC THỰC HIỆN')).toBeVisible();

  // Issuing needs the number and date the draft left blank: the server says so, then the planner gives them.
  await page.getByRole('button', { name: 'Ban hành' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: 'Ban hành' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Kế hoạch chưa có số văn bản' })).toBeVisible();
  await page.getByRole('button', { name: 'Sửa thông tin' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('Số văn bản').fill('45');
  await drawer.getByLabel('Ngày ban hành').fill('20/03/2024');
  await drawer.getByLabel('Ngày ban hành').press('Enter');
  await drawer.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kế hoạch 45/KH-UBND' })).toBeVisible();
  await expect(page.getByText('20/03/2024')).toBeVisible();
  await page.getByRole('button', { name: 'Ban hành' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: 'Ban hành' }).click();
  await expect(page.getByText('Đã ban hành kế hoạch.')).toBeVisible();

  await page.getByRole('tab', { name: 'Phân công thực hiện' }).click();
  // One row per task and carrying unit, a page at a time: the department carries several.
  const carriers = page.getByRole('tabpanel');
  await expect(carriers.getByRole('cell', { name: 'Phòng Nội vụ huyện Hớn Quản' }).first()).toBeVisible();
  await expect(carriers.getByText(/quá hạn/).first()).toBeVisible();
  // The overdue ones alone, as the server filters them.
  await carriers.getByRole('radiogroup', { name: 'Lọc phân công' }).getByText('Quá hạn').click();
  await expect(carriers.getByText(/nhiệm vụ của các đơn vị/)).toBeVisible();
  await expect(carriers.getByText(/quá hạn/).first()).toBeVisible();
  await screenshot(page, 'plan-assignees');
  // The whole filtered list as one CSV, in Vietnamese, for Excel.
  const csvDownload = page.waitForEvent('download');
  await carriers.getByRole('button', { name: 'Tải danh sách (CSV)' }).click();
  const csvFile = await csvDownload;
  expect(csvFile.suggestedFilename()).toMatch(/^QCDC_nhiem_vu_ke_hoach_\d+\.csv$/);
  const csvLines = readFileSync(await csvFile.path(), 'utf-8').split('\r\n').filter(Boolean);
  expect(csvLines[0]).toBe('\ufeffMục,Nhiệm vụ,Mã đơn vị,Đơn vị thực hiện,Vai trò,Hình thức,Tần suất,Tình trạng,Tiến độ (%),Số kỳ,Số kỳ đã xong,Số kỳ quá hạn,Hạn tiếp theo');
  expect(csvLines.length).toBeGreaterThan(1);
  // Filtered as the table: every row has occurrences overdue (the column before the last).
  expect(csvLines.slice(1).every((line) => /,[1-9]\d*,[^,]*$/.test(line))).toBe(true);
  await page.getByRole('tab', { name: /Chỉ tiêu/ }).click();
  await expect(page.getByRole('tabpanel').getByText('QCDC_DISCLOSURE_DONE')).toBeVisible();

  await page.getByRole('button', { name: 'Điều chỉnh kế hoạch' }).click();
  await drawer.getByRole('button', { name: 'Lưu' }).click();
  await expect(drawer.getByText('Nhập lý do điều chỉnh.')).toBeVisible();
  await drawer.getByLabel('Lý do điều chỉnh').fill('Kéo dài thời gian thực hiện theo Công văn số 12/UBND-NV');
  await drawer.getByLabel('Đến ngày').fill('30/06/2025');
  await drawer.getByLabel('Đến ngày').press('Enter');
  await drawer.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã ghi nhận điều chỉnh kế hoạch.')).toBeVisible();
  await page.getByRole('tab', { name: 'Lịch sử điều chỉnh' }).click();
  await expect(page.getByRole('cell', { name: /Công văn số 12\/UBND-NV/ })).toBeVisible();
  await expect(page.getByRole('tabpanel')).toContainText('31/12/2024 → 30/06/2025');
  await page.getByRole('tab', { name: 'Nội dung kế hoạch' }).click();
  await expect(page.getByRole('tree', { name: 'Nội dung kế hoạch' })).toBeVisible();
  await screenshot(page, 'plan');
});

test('an agency reports progress on a task with evidence, and starts its half-year report', async ({ page }) => {
  await signIn(page, 'honquan.phongnoivu.reporter');
  await nav(page).getByRole('link', { name: 'Nhiệm vụ của tôi' }).click();
  const task = page.getByRole('row', { name: /III\.1\.a/ });
  await task.click();
  await page.getByRole('button', { name: 'Cập nhật tiến độ III.1.a, Năm 2024' }).click();
  const drawer = page.getByRole('dialog');
  await pick(page, drawer.getByLabel('Tình trạng'), 'Đang thực hiện');
  await drawer.getByLabel('Tỷ lệ hoàn thành').fill('60');
  await drawer.getByLabel('Kết quả, ghi chú').fill('Đã ban hành kế hoạch năm và hướng dẫn các xã.');
  await drawer.locator('input[type=file]').setInputFiles({ name: 'ke-hoach-nam-2024.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 kế hoạch') });
  await expect(page.getByText('Đã đính kèm ke-hoach-nam-2024.pdf.')).toBeVisible();
  await expect(drawer.getByRole('button', { name: /ke-hoach-nam-2024\.pdf/ })).toBeVisible();
  await screenshot(page, 'task-progress');
  await drawer.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã cập nhật tiến độ.')).toBeVisible();
  const occurrence = page.locator('tr[data-row-key="2024-12-14"]');
  await expect(occurrence).toContainText('Đang thực hiện');
  await expect(occurrence).toContainText('60%');
  await expect(occurrence).toContainText('ke-hoach-nam-2024.pdf');
  await screenshot(page, 'tasks');

  await nav(page).getByRole('link', { name: 'Báo cáo', exact: true }).click();
  await page.getByRole('button', { name: 'Mở báo cáo' }).click();
  await expect(page).toHaveURL(/\/reports\/\d+$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Báo cáo kết quả thực hiện dân chủ ở cơ quan, đơn vị (6 tháng)' })).toBeVisible();
  await screenshot(page, 'report-agency');
  agencyReportUrl = new URL(page.url()).pathname;
});

test('a commune reporter fills the 2023 report, keeps it over a reload and a conflict, and submits it', async ({ page, browser }) => {
  await signIn(page, 'songvan.reporter');
  await nav(page).getByRole('link', { name: 'Báo cáo', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Báo cáo của đơn vị' })).toBeVisible();
  await pick(page, page.getByLabel('Kỳ báo cáo', { exact: true }), 'Năm 2023');
  await expect(page.getByText('Hạn nộp của đơn vị: 21/12/2023')).toBeVisible();
  await page.getByRole('button', { name: 'Mở báo cáo' }).click();
  await expect(page).toHaveURL(/\/reports\/\d+$/);
  const reportUrl = page.url();
  await expect(page.getByRole('heading', { level: 1, name: 'Xã Song Vân · Năm 2023' })).toBeVisible();

  // The grid checks as the user types.
  await fillCount(page, 'QCDC_LEADER_DIALOGUES', '-2');
  await expect(figure(page, 'QCDC_LEADER_DIALOGUES').getByText('Nhập số nguyên, từ 0 trở lên.')).toBeVisible();
  await figure(page, 'QCDC_VILLAGES_WITH_CONVENTION').getByRole('textbox').nth(0).fill('14');
  await figure(page, 'QCDC_VILLAGES_WITH_CONVENTION').getByRole('textbox').nth(1).fill('13');
  await expect(figure(page, 'QCDC_VILLAGES_WITH_CONVENTION').getByText('Tử số không được lớn hơn mẫu số.')).toBeVisible();
  await screenshot(page, 'report-validation');
  await fillAnnualReport(page);
  await expect(page.getByText('Nhập số nguyên, từ 0 trở lên.')).toHaveCount(0);
  // From the keyboard: Enter moves down the form as on paper, Shift+Enter back up.
  await figure(page, 'QCDC_LEADER_DIALOGUES').getByRole('textbox').focus();
  await page.keyboard.press('Enter');
  await expect(figure(page, 'QCDC_LEADER_DIALOGUE_PARTICIPANTS').getByRole('textbox')).toBeFocused();
  await page.keyboard.press('Shift+Enter');
  await expect(figure(page, 'QCDC_LEADER_DIALOGUES').getByRole('textbox')).toBeFocused();
  await expect(page.getByText('Có thay đổi chưa lưu')).toBeVisible();

  // Nothing typed is lost on a reload.
  await page.reload();
  await expect(page.getByText(/Đã khôi phục các thay đổi chưa lưu/)).toBeVisible();
  await expect(figure(page, 'QCDC_FRONT_SURVEYS').getByRole('textbox')).toHaveValue('7');
  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  await expect(page.getByText('Đã lưu nháp.')).toBeVisible();

  // Someone else saves the same report in another window: this one is told, keeps its edits, loads theirs.
  const other = await browser.newContext();
  const second = await other.newPage();
  await signIn(second, 'songvan.reporter');
  await second.waitForURL((url) => !url.pathname.endsWith('/login'));
  await second.goto(reportUrl);
  await fillCount(second, 'QCDC_INSPECTIONS', '4');
  await second.getByRole('button', { name: 'Lưu nháp' }).click();
  await expect(second.getByText('Đã lưu nháp.')).toBeVisible();
  await other.close();

  await fillCount(page, 'QCDC_LEADER_DIALOGUE_PARTICIPANTS', '9');
  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  await expect(page.getByText(/Báo cáo đã được lưu từ nơi khác/)).toBeVisible();
  await expect(figure(page, 'QCDC_LEADER_DIALOGUE_PARTICIPANTS').getByRole('textbox')).toHaveValue('9');
  await page.getByRole('button', { name: 'Tải phiên bản trên máy chủ' }).click();
  await expect(figure(page, 'QCDC_INSPECTIONS').getByText('Trên máy chủ: 4')).toBeVisible();
  await screenshot(page, 'report-conflict');
  await fillCount(page, 'QCDC_LEADER_DIALOGUE_PARTICIPANTS', '8');
  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  await expect(page.getByText('Đã lưu nháp.')).toBeVisible();
  await expect(figure(page, 'QCDC_INSPECTIONS').getByRole('textbox')).toHaveValue('1');

  await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: 'Nộp báo cáo' }).click();
  await expect(page.getByText('Đã nộp báo cáo.')).toBeVisible();
  await expect(page.getByText('Chờ duyệt').first()).toBeVisible();
  // The deadline of the 2023 report passed long ago: it is accepted, and marked late.
  await expect(page.getByText('Trễ hạn').first()).toBeVisible();
  await screenshot(page, 'report-submitted');
});

test('the district reviewer returns the report with a comment, the reporter fixes it, the reviewer approves', async ({ page }) => {
  await signIn(page, 'tanyen.reviewer');
  await nav(page).getByRole('link', { name: 'Duyệt báo cáo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Duyệt báo cáo' })).toBeVisible();
  await page.getByRole('row', { name: /Xã Song Vân/ }).getByRole('link').click();
  await expect(page).toHaveURL(/\/review\/\d+$/);
  const reviewUrl = page.url();
  await expect(page.getByRole('columnheader', { name: 'Kỳ trước (Năm 2022)' })).toBeVisible();
  await expect(page.getByText('Không có báo cáo Năm 2022 để so sánh')).toBeVisible();
  await expect(figure(page, 'QCDC_LEADER_DIALOGUES')).toContainText('2');

  await page.getByRole('button', { name: 'Trả lại' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Trả lại' }).click();
  await expect(dialog.getByText('Nhập ý kiến khi trả lại báo cáo.')).toBeVisible();
  await dialog.getByLabel('Ý kiến').fill('Bổ sung số đơn khiếu nại, kiến nghị đã tiếp nhận trong năm.');
  await screenshot(page, 'review-return');
  await dialog.getByRole('button', { name: 'Trả lại' }).click();
  await expect(page.getByText('Đã trả lại báo cáo.')).toBeVisible();
  await expect(page.getByText('Bị trả lại').first()).toBeVisible();

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await signIn(page, 'songvan.reporter');
  await nav(page).getByRole('link', { name: 'Báo cáo', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Báo cáo của đơn vị' })).toBeVisible();
  await page.getByRole('row', { name: /Bị trả lại/ }).getByRole('link').click();
  await expect(page.getByText('Bổ sung số đơn khiếu nại, kiến nghị đã tiếp nhận trong năm.').first()).toBeVisible();
  await fillCount(page, 'QCDC_COMPLAINTS_RECEIVED', '4');
  await fillCount(page, 'QCDC_COMPLAINTS_RESOLVED', '5');
  await expect(page.getByText('Số đơn đã giải quyết không được lớn hơn số đơn đã tiếp nhận.')).toBeVisible();
  await fillCount(page, 'QCDC_COMPLAINTS_RESOLVED', '4');
  await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: 'Nộp báo cáo' }).click();
  await expect(page.getByText('Đã nộp báo cáo.')).toBeVisible();

  // A reporter reaches only the reports of their own unit.
  await page.goto(agencyReportUrl);
  await expect(page.getByText('Không tìm thấy báo cáo này, hoặc bạn không có quyền xem.')).toBeVisible();
  await screenshot(page, 'report-not-found');

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await signIn(page, 'tanyen.reviewer');
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  await page.goto(reviewUrl);
  await expect(figure(page, 'QCDC_COMPLAINTS_RECEIVED')).toContainText('4');
  await screenshot(page, 'review');
  await page.getByRole('button', { name: 'Duyệt' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: 'Duyệt' }).click();
  await expect(page.getByText('Đã duyệt báo cáo.')).toBeVisible();
  await expect(page.getByText(/Đã được tanyen\.reviewer duyệt/)).toBeVisible();
});

test('the approved report downloads as the document the commune signs, is signed and published', async ({ page }, testInfo) => {
  test.slow(); // PDF conversions by LibreOffice
  await signIn(page, 'songvan.reporter');
  await nav(page).getByRole('link', { name: 'Báo cáo', exact: true }).click();
  await page.getByRole('row', { name: /Đã duyệt/ }).getByRole('link').click();
  await expect(page).toHaveURL(/\/reports\/\d+$/);
  const reportId = page.url().split('/').pop();

  // Approval numbered the document: the commune downloads and previews what it signs.
  await expect(page.getByTestId('document-number')).toHaveText(/^Số: 01\/BC-UBND, cấp ngày \d\d\/\d\d\/\d{4}$/);
  const docx = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Word (.docx)' }).click();
  const docxFile = await docx;
  expect(docxFile.suggestedFilename()).toBe('bao-cao-07345-2023.docx');
  expect(readFileSync(await docxFile.path()).subarray(0, 2).toString()).toBe('PK');
  const pdf = page.waitForEvent('download');
  await page.getByRole('button', { name: /PDF$/ }).click();
  expect(readFileSync(await (await pdf).path()).subarray(0, 5).toString()).toBe('%PDF-');
  await page.getByRole('button', { name: 'Xem trước' }).click();
  const preview = page.getByRole('dialog', { name: 'Xem trước văn bản (PDF)' });
  await expect(preview.locator('iframe')).toHaveAttribute('src', /^blob:/);
  await screenshot(page, 'report-document');
  await preview.getByRole('button', { name: 'Close' }).or(preview.getByRole('button', { name: 'Đóng' })).click();

  // Công khai: the reviewer publishes it, and the PDF is public without signing in.
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await signIn(page, 'tanyen.reviewer');
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  await page.goto(`/review/${reportId}`);
  await page.getByRole('button', { name: 'Công khai văn bản' }).click();
  await expect(page.getByTestId('document-publication')).toContainText('Đã công khai ngày');
  const href = await page.getByRole('link', { name: 'Xem bản công khai' }).getAttribute('href');
  const pub = await page.request.get(href ?? '', { headers: { Authorization: '' } });
  expect(pub.status()).toBe(200);
  expect((await pub.body()).subarray(0, 5).toString()).toBe('%PDF-');

  // Ký số: the PDF is signed outside QCDC, then uploaded; QCDC checks it and names the signer.
  const rendered = page.waitForEvent('download');
  await page.getByRole('button', { name: /PDF$/ }).click();
  const unsigned = testInfo.outputPath('unsigned.pdf');
  await (await rendered).saveAs(unsigned);
  const signed = testInfo.outputPath('signed.pdf');
  signPdf(unsigned, signed, 'Nguyễn Văn Sơn');
  await expect(page.getByText('Chưa có bản ký số.')).toBeVisible();
  await page.locator('input[type=file][accept*="pdf"]').setInputFiles(signed);
  await expect(page.getByText('Đã nhận bản ký số: chữ ký hợp lệ.')).toBeVisible();
  const copy = page.getByTestId('signed-copy');
  await expect(copy).toContainText('Nguyễn Văn Sơn');
  await expect(copy).toContainText('CA thử nghiệm QCDC');
  await expect(page.getByTestId('signed-trust')).toHaveText('Chứng thư chưa được xác thực');
  await screenshot(page, 'report-signed-copy');
  // From now on the public copy is the signed file, byte for byte.
  const signedPub = await page.request.get(href ?? '', { headers: { Authorization: '' } });
  expect(Buffer.compare(await signedPub.body(), readFileSync(signed))).toBe(0);

  // The unit's register shows the number, signed and published.
  await page.getByRole('link', { name: 'Sổ đăng ký văn bản' }).click();
  await expect(page).toHaveURL(/\/units\/\d+\/register$/);
  const entry = page.getByRole('row', { name: /01\/BC-UBND/ });
  await expect(entry).toContainText('Đã ký số');
  await expect(entry).toContainText('Đã công khai');
  await screenshot(page, 'document-register');
});

test('the dashboard and the indicators page show the approved figures', async ({ page }) => {
  await signIn(page, 'tanyen.reviewer');
  await expect(page.getByRole('heading', { level: 1, name: 'Tổng quan · Huyện Tân Yên' })).toBeVisible();
  const tile = page.locator('a[data-indicator="QCDC_LEADER_DIALOGUES"]');
  await expect(tile).toContainText('2');
  await expect(page.getByRole('radio', { name: '2023' })).toBeChecked();
  // The lower cards load as they scroll into view.
  await scrollDown(page);
  await expect(page.getByText('Năm 2023: 1/5 đơn vị đã báo cáo, 0 đúng hạn.')).toBeVisible();
  await expect(page.getByRole('row', { name: /Xã Ngọc Châu.*1 chưa báo cáo/ })).toBeVisible();
  await expect(page.locator('[data-chart] > div > svg').first()).toBeVisible();
  await screenshot(page, 'dashboard-lower');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'dashboard');

  await tile.click();
  await expect(page).toHaveURL(/\/indicators\?/);
  const total = page.getByRole('row', { name: /Tổng Huyện Tân Yên/ });
  await expect(total.locator('[data-indicator="QCDC_LEADER_DIALOGUES"]')).toHaveText('2');
  const songVan = page.getByRole('row', { name: /Xã Song Vân/ });
  await expect(songVan.locator('[data-indicator="QCDC_LEADER_DIALOGUES"]')).toHaveText('2');
  await expect(songVan).toContainText('1/1 đã báo cáo, 0 đúng hạn');
  await page.getByRole('heading', { name: 'Huyện Tân Yên qua các kỳ' }).scrollIntoViewIfNeeded();
  await expect(page.locator('[data-chart] > div > svg')).toHaveCount(2);
  await screenshot(page, 'indicators-analysis');

  const csv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tải CSV' }).click();
  const csvFile = await csv;
  expect(csvFile.suggestedFilename()).toBe('qcdc-chi-so-2023.csv');
  const text = readFileSync(await csvFile.path(), 'utf8');
  expect(text).toContain('216,Huyện Tân Yên,2023,QCDC_LEADER_DIALOGUES');
  expect(text).toContain('07345,Xã Song Vân,2023,QCDC_LEADER_DIALOGUES');
  // Each row says how its figures were computed.
  expect(text.split('\r\n')[0]).toMatch(/,Cách tính$/);
  expect(text).toMatch(/07345,Xã Song Vân,2023,QCDC_LEADER_DIALOGUES,.*,Như đã báo cáo\r\n/);
  const xlsx = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tải Excel' }).click();
  const xlsxFile = await xlsx;
  expect(xlsxFile.suggestedFilename()).toBe('qcdc-chi-so-2023.xlsx');
  expect(readFileSync(await xlsxFile.path()).subarray(0, 2).toString()).toBe('PK');

  // Drill down into the commune, then back up by the path.
  await songVan.getByRole('link', { name: 'Xã Song Vân' }).click();
  await expect(page.getByRole('row', { name: /Tổng Xã Song Vân/ }).locator('[data-indicator="QCDC_LEADER_DIALOGUES"]')).toHaveText('2');
  await page.getByRole('navigation', { name: 'Đường dẫn đơn vị' }).getByRole('link', { name: 'Huyện Tân Yên' }).click();
  await expect(page.getByRole('row', { name: /Tổng Huyện Tân Yên/ })).toBeVisible();
});

test("a unit's page lists its reports and its tasks", async ({ page }) => {
  await signIn(page, 'tanyen.reviewer');
  await nav(page).getByRole('link', { name: 'Đơn vị' }).click();
  await page.getByRole('searchbox', { name: 'Tìm đơn vị' }).fill('song van');
  await page.getByRole('region', { name: 'Kết quả tìm kiếm đơn vị' }).getByRole('link', { name: 'Xã Song Vân', exact: true }).click();
  const report = page.getByRole('row', { name: /Năm 2023/ });
  await expect(report).toContainText('Đã duyệt');
  await expect(page.getByRole('heading', { level: 3, name: 'Nhiệm vụ được giao' })).toBeVisible();
  await screenshot(page, 'unit-page');
  await report.getByRole('link').click();
  await expect(page).toHaveURL(/\/review\/\d+/);
});

test('an administrator creates a unit, sees the API error on a reused code, and merges it into a commune', async ({ page }) => {
  await signIn(page, 'admin');
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  await page.goto('/admin/units');
  await expect(page.getByRole('heading', { level: 1, name: 'Quản trị đơn vị' })).toBeVisible();
  await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('Trực thuộc').fill('tan yen');
  await chooseOption(page, 'Huyện Tân Yên');
  await drawer.getByLabel('Mã', { exact: true }).fill('07345');
  await drawer.getByLabel('Tên đơn vị').fill('Xã Thử Nghiệm');
  await pick(page, drawer.getByLabel('Loại đơn vị'), 'Xã, phường, thị trấn');
  await drawer.getByLabel('Hiệu lực từ').fill('01/01/2020');
  await drawer.getByLabel('Hiệu lực từ').press('Enter');
  await drawer.getByRole('button', { name: 'Lưu' }).click();
  await expect(drawer.getByText('Mã 07345 đã được dùng; mã đơn vị không bao giờ được dùng lại.')).toBeVisible();
  await screenshot(page, 'admin-unit-create-error');
  await drawer.getByLabel('Mã', { exact: true }).fill('99001');
  await drawer.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã thêm đơn vị Xã Thử Nghiệm.')).toBeVisible();

  await page.getByRole('searchbox', { name: 'Tìm đơn vị' }).fill('thu nghiem');
  // The drawer, once gone, leaves the focus where the user moved it: Enter searches.
  await expect(drawer).toBeHidden();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Ngừng hoạt động hoặc sáp nhập Xã Thử Nghiệm' }).click();
  const close = page.getByRole('dialog');
  await close.getByRole('button', { name: 'Thêm đơn vị tiếp nhận' }).click();
  await close.getByRole('combobox', { name: 'Đơn vị tiếp nhận thứ 1' }).fill('song van');
  await chooseOption(page, 'Xã Song Vân');
  await close.getByLabel('Căn cứ, ghi chú').fill('Sáp nhập theo Nghị quyết thử nghiệm');
  await screenshot(page, 'admin-unit-merge');
  await close.getByRole('button', { name: 'Ngừng / sáp nhập' }).click();
  await expect(page.getByText('Đã ghi nhận sáp nhập, chia tách Xã Thử Nghiệm.')).toBeVisible();
  await screenshot(page, 'admin-units');
});

test('the first screen of the dashboard loads under 400 KB of gzipped JavaScript', async ({ page, context }) => {
  const { gzipSync } = await import('node:zlib');
  await signIn(page, 'tanyen.reviewer');
  await expect(page.getByRole('heading', { level: 1, name: /Tổng quan/ })).toBeVisible();
  // A fresh tab of the signed-in user, at 1366×768: every script it fetches, compressed as a server would.
  const tab = await context.newPage();
  const sizes: Promise<number>[] = [];
  tab.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    sizes.push(response.body().then((body) => gzipSync(body).length, () => 0));
  });
  const total = async () => (await Promise.all(sizes)).reduce((sum, size) => sum + size, 0) / 1024;
  await tab.goto('/');
  await expect(tab.locator('a[data-indicator="QCDC_LEADER_DIALOGUES"]')).toBeVisible();
  await tab.waitForLoadState('networkidle');
  const firstScreen = await total();
  console.log(`first screen of the dashboard: ${firstScreen.toFixed(1)} KB of JavaScript, gzipped, in ${sizes.length} files`);
  expect(firstScreen).toBeLessThan(400);
  // The rest of the page, the chart included, arrives as the user scrolls.
  await scrollDown(tab);
  await expect(tab.locator('[data-chart] > div > svg').first()).toBeVisible();
  await tab.waitForLoadState('networkidle');
  console.log(`whole dashboard after scrolling: ${(await total()).toFixed(1)} KB in ${sizes.length} files`);
});

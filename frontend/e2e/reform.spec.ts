/**
 * The 2025 reform in the browser, on a little tree of its own (unique codes, so the demo's units
 * can change under it): a province-like parent, a district and three communes with approved figures
 * of 2023. The admin checks a reorganisation on its page (a bad row first), applies it (two communes
 * merge into a new one under the province, the third is split half into it and half into another,
 * the district closes), then reads the tree of a day before the reform and the new commune's 2023
 * figures, which exist only on today's units: its dialogues add up (3 + 4 + half of 6), while
 * yes/no cannot be divided through the split and reads "not comparable", a gap in the chart.
 */
import type { APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, expect, screenshot, signIn, test } from './fixtures';

const TAG = `RF${Date.now() % 1_000_000}`;
const PROVINCE = { code: `${TAG}T`, name: `Tỉnh Thử ${TAG}` };
const DISTRICT = { code: `${TAG}H`, name: `Huyện Thử ${TAG}` };
const COMMUNES = [{ code: `${TAG}X1`, name: `Xã Thử Một ${TAG}`, dialogues: 3 }, { code: `${TAG}X2`, name: `Xã Thử Hai ${TAG}`, dialogues: 4 }];
const SPLIT = { code: `${TAG}X3`, name: `Xã Thử Ba ${TAG}`, dialogues: 6 };
const MERGED = { code: `${TAG}XM`, name: `Xã Hợp Nhất ${TAG}` };
const OTHER_HALF = { code: `${TAG}XS`, name: `Xã Tách Mới ${TAG}` };
// What a commune's annual report needs besides the dialogues, for the import to submit it.
const REST_OF_THE_REPORT = [
  'QCDC_LEADER_DIALOGUE_PARTICIPANTS', 'QCDC_FRONT_SUPERVISIONS', 'QCDC_FRONT_SURVEYS', 'QCDC_INSPECTIONS', 'QCDC_UNITS_INSPECTED',
];

const HEADER = 'event,effective_date,old_codes,new_code,new_name,kind,grassroots_type,new_parent,shares,accounts,note';
const MERGE = `merge,2025-07-01,${COMMUNES[0]?.code};${COMMUNES[1]?.code},${MERGED.code},${MERGED.name},,,${PROVINCE.code},,,Thử nghiệm`;
const DIVIDE = `split,2025-07-01,${SPLIT.code},${MERGED.code};${OTHER_HALF.code},${MERGED.name};${OTHER_HALF.name},,,${PROVINCE.code},0.5;0.5,,`;
const CLOSE = `close,2025-07-01,${DISTRICT.code},,,,,,,,`;
const UNKNOWN = `close,2025-07-01,${TAG}KHONGCO,,,,,,,,`;

async function adminHeaders(request: APIRequestContext): Promise<Record<string, string>> {
  const grant = await request.post('/api/v1/auth/token', { form: { grant_type: 'password', username: 'admin', password: DEMO_PASSWORD } });
  expect(grant.ok()).toBe(true);
  return { Authorization: `Bearer ${((await grant.json()) as { access_token: string }).access_token}` };
}

async function createUnit(request: APIRequestContext, headers: Record<string, string>, unit: { code: string; name: string },
  kind: string, parentId: number | null): Promise<number> {
  const response = await request.post('/api/v1/org-units', {
    headers,
    data: { ...unit, kind, parent_id: parentId, valid_from: '2020-01-01', ...(kind === 'commune' ? { grassroots_type: 'commune' } : {}) },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

/** The commune's 2023 annual report, imported, submitted and approved. */
async function approvedReport(request: APIRequestContext, headers: Record<string, string>, unitId: number, dialogues: number): Promise<void> {
  const values = [
    { indicator: 'QCDC_LEADER_DIALOGUES', org_unit: String(unitId), period: '2023', value: dialogues },
    { indicator: 'QCDC_VILLAGES_WITH_CONVENTION', org_unit: String(unitId), period: '2023', numerator: 5, denominator: 6 },
    { indicator: 'QCDC_DISCLOSURE_DONE', org_unit: String(unitId), period: '2023', value: true },
    ...REST_OF_THE_REPORT.map((indicator) => ({ indicator, org_unit: String(unitId), period: '2023', value: 1 })),
  ];
  const imported = await request.post('/api/v1/data-values/import', { headers, params: { submit: true }, data: { values } });
  expect(imported.ok(), await imported.text()).toBe(true);
  expect(((await imported.json()) as { submitted: number }).submitted).toBe(1);
  const reports = await request.get('/api/v1/submissions', { headers, params: { unit_id: unitId, period: '2023' } });
  const [report] = ((await reports.json()) as { items: { id: number }[] }).items;
  const approved = await request.post(`/api/v1/submissions/${report?.id}/approve`, { headers, data: {} });
  expect(approved.ok(), await approved.text()).toBe(true);
}

test('admin applies a reorganisation, then reads the tree of a day and figures on today\'s units', async ({ page, request }) => {
  const headers = await adminHeaders(request);
  const provinceId = await createUnit(request, headers, PROVINCE, 'province', null);
  const districtId = await createUnit(request, headers, DISTRICT, 'district', provinceId);
  for (const commune of [...COMMUNES, SPLIT]) {
    await approvedReport(request, headers, await createUnit(request, headers, commune, 'commune', districtId), commune.dialogues);
  }

  // The page, from the admin menu: the format and its template first.
  await signIn(page, 'admin');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByText('Quản trị').click();
  await page.getByRole('link', { name: 'Sắp xếp đơn vị' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sắp xếp đơn vị' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Định dạng CSV' }).getByText('old_codes', { exact: true })).toBeVisible();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tải tệp mẫu' }).click();
  const template = await downloading;
  expect(template.suggestedFilename()).toBe('qcdc-sap-xep-don-vi-mau.csv');

  // A batch with a row naming no unit: the check points at its line, in Vietnamese, and (all or
  // nothing) offers nothing to apply.
  const csv = page.getByLabel('Nội dung CSV');
  await csv.fill([HEADER, MERGE, DIVIDE, UNKNOWN, CLOSE].join('\n'));
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await expect(page.getByRole('heading', { name: 'Kết quả kiểm tra (chưa ghi)' })).toBeVisible();
  await expect(page.getByText('Có dòng bị từ chối nên chưa áp dụng gì.', { exact: false })).toBeVisible();
  const conflict = page.getByRole('row').filter({ hasText: 'Không có đơn vị nào mang mã này.' });
  await expect(conflict.getByRole('cell', { name: '4', exact: true })).toBeVisible();
  await expect(conflict.getByText(`close ${TAG}KHONGCO`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Áp dụng' })).toBeDisabled();
  await conflict.scrollIntoViewIfNeeded();
  await screenshot(page, 'reorganisation-conflict');

  // Without it, the check passes and "Áp dụng" sends the same batch.
  await csv.fill([HEADER, MERGE, DIVIDE, CLOSE].join('\n'));
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await expect(page.getByText('Mọi dòng đều hợp lệ.')).toBeVisible();
  const applied = page.locator('.ant-descriptions-item-label', { hasText: 'Sự kiện thực hiện được' }).locator('xpath=following-sibling::td[1]');
  await expect(applied).toHaveText('3');
  await screenshot(page, 'reorganisation-check');
  await page.getByRole('button', { name: 'Áp dụng' }).click();
  await expect(page.getByRole('heading', { name: 'Kết quả áp dụng' })).toBeVisible();
  await expect(page.getByText('Đã áp dụng đợt sắp xếp.')).toBeVisible();
  await expect(applied).toHaveText('3');
  // Created: the merged and the other half; closed: the three communes and the district.
  const changed = page.locator('.ant-descriptions-item-label', { hasText: 'Đơn vị thay đổi' }).locator('xpath=following-sibling::td[1]');
  await expect(changed).toHaveText('6');

  // The new commune's page names the communes it came from; theirs, where they went.
  const found = await request.get('/api/v1/org-units', { headers, params: { q: MERGED.code } });
  const merged = ((await found.json()) as { items: { id: number }[] }).items[0]?.id;
  expect(merged).toBeTruthy();
  await page.goto(`/units/${merged}`);
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(MERGED.name) })).toBeVisible();
  const predecessors = page.getByRole('table', { name: 'Đơn vị tiền thân' });
  for (const commune of COMMUNES) {
    const row = predecessors.getByRole('row').filter({ hasText: commune.name });
    await expect(row.getByText('sáp nhập')).toBeVisible();
    await expect(row.getByText('01/07/2025')).toBeVisible();
    await expect(row.getByText('Toàn bộ')).toBeVisible();
  }
  const half = predecessors.getByRole('row').filter({ hasText: SPLIT.name });
  await expect(half.getByText('chia tách')).toBeVisible();
  await expect(half.getByText('50%')).toBeVisible();
  await screenshot(page, 'unit-predecessors');
  await predecessors.getByRole('link', { name: COMMUNES[0]?.name ?? '' }).click();
  await expect(page.getByText('Đơn vị đã ngừng hoạt động từ ngày 01/07/2025.')).toBeVisible();
  await expect(page.getByRole('alert').getByRole('link', { name: MERGED.name })).toBeVisible();
  await screenshot(page, 'unit-closed');

  // The tree of today has no district; the tree of the day before the reform has it.
  await page.goto('/units');
  const tree = page.getByRole('tree', { name: 'Cơ cấu đơn vị' });
  await tree.getByRole('treeitem', { name: PROVINCE.name }).locator('.ant-tree-switcher').click();
  await expect(tree.getByText(MERGED.name, { exact: true })).toBeVisible();
  await expect(tree.getByText(DISTRICT.name, { exact: true })).toHaveCount(0);
  await page.getByLabel('Tại ngày').fill('30/06/2025');
  await page.getByLabel('Tại ngày').press('Enter');
  await expect(page).toHaveURL(/asof=2025-06-30/);
  await tree.getByRole('treeitem', { name: PROVINCE.name }).locator('.ant-tree-switcher').click();
  await expect(tree.getByText(DISTRICT.name, { exact: true })).toBeVisible();
  await expect(tree.getByText(MERGED.name, { exact: true })).toHaveCount(0);
  await tree.getByText(DISTRICT.name, { exact: true }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Đơn vị trực thuộc tại ngày 30/06/2025' })).toBeVisible();
  await expect(page.getByRole('link', { name: COMMUNES[1]?.name ?? '' })).toBeVisible();
  await expect(page.locator('.ant-descriptions-item', { hasText: 'Số đơn vị trực thuộc' })).toContainText('3');
  await screenshot(page, 'units-as-of');

  // The new commune's 2023: nothing as reported (it did not exist); on today's units its
  // predecessors' 3 + 4 + half of 6, while yes/no, which a split cannot divide, is not comparable.
  await page.goto(`/indicators?i=QCDC_LEADER_DIALOGUES,QCDC_DISCLOSURE_DONE&unit=${merged}&type=year&p=2022,2023,2024,2025&focus=2023`);
  const totalRow = page.getByRole('row').filter({ hasText: `Tổng ${MERGED.name}` });
  const total = totalRow.locator('[data-indicator="QCDC_LEADER_DIALOGUES"]');
  const disclosure = totalRow.locator('[data-indicator="QCDC_DISCLOSURE_DONE"]');
  await expect(total).toHaveText('—');
  await page.getByText('Theo đơn vị hiện nay', { exact: true }).click();
  await expect(page).toHaveURL(/basis=current/);
  await expect(total).toHaveText('10');
  await expect(disclosure).toHaveText('Không so sánh được');
  await expect(page.getByText(`${MERGED.name} và các đơn vị trực thuộc – Năm 2023`)).toBeVisible();
  await expect(page.getByText('Như đã báo cáo: mỗi kỳ theo cơ cấu đơn vị lúc báo cáo.', { exact: false })).toBeVisible();
  await screenshot(page, 'indicators-current');
  await page.getByRole('heading', { name: `${MERGED.name} qua các kỳ` }).scrollIntoViewIfNeeded();
  await expect(page.locator('[data-chart] > div > svg').first()).toBeVisible();
  await page.getByText('DISCLOSURE_DONE', { exact: true }).click();
  await expect(page.getByText('Không so sánh được (Năm 2023)', { exact: false })).toBeVisible();
  await screenshot(page, 'indicators-current-chart');
  await page.getByText('Như đã báo cáo', { exact: true }).click();
  await expect(total).toHaveText('—');
});

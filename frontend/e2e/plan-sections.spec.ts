/**
 * A planner corrects the section tree of a plan in the web app: in a draft, adds, edits, moves and
 * deletes sections at once; once the plan is issued, each change asks for the reason and shows up
 * in the plan's amendment history.
 */
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { DEMO_PASSWORD, expect, pick, screenshot, signIn, test } from './fixtures';

const RUN = Date.now().toString(36);

function planText(title: string): string {
  return [
    'KẾ HOẠCH', title, '',
    'I. MỤC ĐÍCH, YÊU CẦU', '', '1. Mục đích', '', 'a) Bảo đảm quyền làm chủ của Nhân dân.', '',
    'II. TỔ CHỨC THỰC HIỆN', '', '1. Phòng Nội vụ', '',
    'a) Hằng quý, tổng hợp tình hình thực hiện dân chủ ở cơ sở.', '',
    'b) Tổ chức tập huấn cho cán bộ, công chức.', '',
  ].join('\n');
}

/** A draft plan of Hớn Quản saved from text through the API, as the import page would. */
async function draftPlan(request: APIRequestContext, title: string): Promise<{ id: number; headers: Record<string, string> }> {
  const grant = await request.post('/api/v1/auth/token', { form: { grant_type: 'password', username: 'honquan.planner', password: DEMO_PASSWORD } });
  const headers = { Authorization: `Bearer ${((await grant.json()) as { access_token: string }).access_token}` };
  const units = await request.get('/api/v1/org-units', { headers, params: { q: '694' } });
  const issuer = ((await units.json()) as { items: { id: number; code: string }[] }).items.find((u) => u.code === '694');
  const saved = await request.post('/api/v1/plans/import', { headers, data: { text: planText(title), issuer_id: issuer?.id, dry_run: false } });
  expect(saved.status(), await saved.text()).toBe(200);
  return { id: ((await saved.json()) as { plan_id: number }).plan_id, headers };
}

const tree = (page: Page) => page.getByRole('tree', { name: 'Nội dung kế hoạch' });

async function choose(page: Page, text: string | RegExp): Promise<void> {
  await tree(page).getByText(text).click();
}

function dialog(page: Page, name: string | RegExp): Locator {
  return page.getByRole('dialog', { name });
}

test('a planner edits the sections of a draft, then amends an issued plan section by section', async ({ page, request }) => {
  const title = `Kế hoạch sửa mục ${RUN}`;
  const plan = await draftPlan(request, title);
  await signIn(page, 'honquan.planner');
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toBeVisible();
  await page.goto(`/plans/${plan.id}`);
  await expect(tree(page)).toBeVisible();

  // A new part after II: the next Roman numeral is proposed.
  await page.getByRole('button', { name: 'Thêm phần' }).click();
  let form = dialog(page, 'Thêm mục vào kế hoạch');
  await expect(form.getByLabel('Ký hiệu')).toHaveValue('III.');
  await form.getByLabel('Tiêu đề').fill('KINH PHÍ THỰC HIỆN');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã thêm mục III.')).toBeVisible();
  await expect(tree(page)).toContainText('III. KINH PHÍ THỰC HIỆN');

  // A task under II.1, after a) and b): c) is proposed.
  await choose(page, 'Phòng Nội vụ');
  await page.getByRole('button', { name: 'Thêm mục con' }).click();
  form = dialog(page, 'Thêm mục vào kế hoạch');
  await expect(form.getByText('Mục mới nằm dưới mục II.1.')).toBeVisible();
  await expect(form.getByLabel('Ký hiệu')).toHaveValue('c)');
  await form.getByLabel('Tiêu đề').fill('Hằng năm, tổ chức hội nghị cán bộ, công chức.');
  await pick(page, form.getByLabel('Loại'), 'Nhiệm vụ');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã thêm mục II.1.c.')).toBeVisible();
  await expect(page.getByText('II.1.c Hằng năm, tổ chức hội nghị cán bộ, công chức.')).toBeVisible();

  // Edit it, then move it above b).
  await page.getByRole('button', { name: 'Sửa mục II.1.c' }).click();
  form = dialog(page, 'Sửa mục II.1.c');
  await form.getByLabel('Nội dung').fill('Hằng năm, tổ chức hội nghị cán bộ, công chức trong quý I.');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã lưu mục II.1.c.')).toBeVisible();
  await expect(page.getByText('Hằng năm, tổ chức hội nghị cán bộ, công chức trong quý I.')).toBeVisible();
  await page.getByRole('button', { name: 'Chuyển lên II.1.c' }).click();
  await expect(page.getByText('Đã chuyển mục II.1.c.')).toBeVisible();
  const items = tree(page).locator('.ant-tree-treenode');
  await expect(items.filter({ hasText: 'c) Hằng năm' })).toHaveCount(1);
  const order = (await items.allInnerTexts()).map((text) => text.trim());
  expect(order.findIndex((text) => text.startsWith('c)'))).toBeLessThan(order.findIndex((text) => text.startsWith('b)')));
  await screenshot(page, 'plan-sections-edit');

  // Delete the new part III after confirming.
  await choose(page, 'KINH PHÍ THỰC HIỆN');
  await page.getByRole('button', { name: 'Xóa mục III' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: 'Xóa mục' }).click();
  await expect(page.getByText('Đã xóa mục III.')).toBeVisible();
  await expect(tree(page)).not.toContainText('KINH PHÍ THỰC HIỆN');

  // Issued: every change asks for its reason and becomes an amendment.
  const numbered = await request.patch(`/api/v1/plans/${plan.id}`, { headers: plan.headers, data: { number: String(100 + (Date.now() % 800)), issue_date: '2024-03-20' } });
  expect(numbered.status(), await numbered.text()).toBe(200);
  const issued = await request.post(`/api/v1/plans/${plan.id}/issue`, { headers: plan.headers });
  expect(issued.status(), await issued.text()).toBe(200);
  await page.reload();
  await choose(page, /Tổ chức tập huấn cho cán bộ/);
  await page.getByRole('button', { name: 'Sửa mục II.1.b' }).click();
  form = dialog(page, 'Sửa mục II.1.b');
  await expect(form.getByText(/mỗi thay đổi được ghi thành một lần điều chỉnh/)).toBeVisible();
  await form.getByLabel('Tiêu đề').fill('Tổ chức tập huấn cho cán bộ, công chức cấp xã.');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(form.getByText('Nhập lý do điều chỉnh.')).toBeVisible();
  await form.getByLabel('Lý do điều chỉnh').fill('Mở rộng đối tượng tập huấn theo Công văn số 7/UBND-NV');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã lưu mục II.1.b.')).toBeVisible();
  await expect(tree(page)).toContainText('Tổ chức tập huấn cho cán bộ, công chức cấp xã.');
  await page.getByRole('tab', { name: 'Lịch sử điều chỉnh' }).click();
  const amendment = page.getByRole('row', { name: /Công văn số 7\/UBND-NV/ });
  await expect(amendment).toContainText('Mục II.1.b');
  await screenshot(page, 'plan-sections-amendment');
});

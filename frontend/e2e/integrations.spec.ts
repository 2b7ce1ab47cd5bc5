/**
 * Integrations ("Kết nối hệ thống") end to end against the real server: an admin registers the
 * portal as an API client and sees its secret once (and the secret works, then a rotated one
 * replaces it); a commune official makes an API token, uses it, revokes it; an admin subscribes a
 * receiver to an event, which arrives signed, fails, and is sent again from the delivery log.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext, Page } from '@playwright/test';
import { chooseOption, DEMO_PASSWORD, expect, screenshot, signIn, test } from './fixtures';

const SEED_001 = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'seed_001.txt'), 'utf8');
const RUN = Date.now().toString(36);

const nav = (page: Page) => page.getByRole('navigation', { name: 'Điều hướng chính' });

/** Opens an administration page, whose title is the menu entry's name. */
async function openAdmin(page: Page, entry: string): Promise<void> {
  await nav(page).getByText('Quản trị').click();
  // The submenu slides open: a click while it moves can land beside the link, so click again
  // until the page is there.
  await expect(async () => {
    await nav(page).getByRole('link', { name: entry }).click();
    await expect(page.getByRole('heading', { level: 1, name: entry })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

function clientToken(request: APIRequestContext, clientId: string, secret: string) {
  return request.post('/api/v1/auth/token', {
    form: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret },
  });
}

test('an admin registers an API client, sees its secret once, rotates it, disables the client', async ({ page, request, baseURL }) => {
  const clientId = `lgsp-e2e-${RUN}`;
  await signIn(page, 'admin');
  await openAdmin(page, 'Ứng dụng kết nối');
  await expect(page.getByRole('heading', { level: 1, name: 'Ứng dụng kết nối' })).toBeVisible();

  await page.getByRole('button', { name: 'Đăng ký ứng dụng' }).click();
  const drawer = page.getByRole('dialog', { name: 'Đăng ký ứng dụng kết nối' });
  await drawer.getByLabel('Tên ứng dụng').fill('Cổng thông tin điện tử tỉnh Bình Phước');
  await drawer.getByLabel('Mã ứng dụng (client_id)').fill(clientId);
  await drawer.getByLabel('Đơn vị').fill('binh phuoc');
  await chooseOption(page, 'Tỉnh Bình Phước');
  // "read" is proposed; adding a scope it covers says so, and taking "read" away leaves the narrow one.
  await drawer.getByLabel('Phạm vi quyền').click();
  await page.keyboard.type('tong hop');
  await chooseOption(page, 'Chỉ đọc');
  await page.keyboard.press('Escape');
  await expect(drawer.getByText('“Số liệu tổng hợp: đọc” đã nằm trong “Đọc toàn bộ dữ liệu”, không cần chọn thêm.')).toBeVisible();
  await drawer.locator('.ant-tag', { hasText: 'Đọc toàn bộ dữ liệu' }).locator('.ant-tag-close-icon').click();
  await expect(drawer.getByText(/đã nằm trong/)).toHaveCount(0);
  await drawer.getByLabel('Giới hạn truy cập').fill('120');
  await screenshot(page, 'api-client-register');
  await drawer.getByRole('button', { name: 'Đăng ký', exact: true }).click();

  const shown = page.getByRole('dialog', { name: /Đã đăng ký ứng dụng/ });
  await expect(shown.getByText('Chỉ hiển thị một lần')).toBeVisible();
  const secret = await shown.getByTestId('secret-value').inputValue();
  expect(secret.length).toBeGreaterThanOrEqual(40);
  await expect(shown.getByText(`${baseURL}/api/v1/auth/token`, { exact: true })).toBeVisible();
  await expect(shown.locator('pre').first()).toContainText('grant_type=client_credentials');
  await expect(shown.locator('pre').first()).toContainText(`--data-urlencode client_secret=${secret}`);
  await screenshot(page, 'api-client-secret');

  // The secret shown is the one that works, with the scopes chosen.
  const granted = await clientToken(request, clientId, secret);
  expect(granted.status()).toBe(200);
  expect((await granted.json()) as { scope: string }).toMatchObject({ scope: 'aggregates:read' });

  await shown.getByRole('button', { name: 'Tôi đã lưu lại, đóng' }).click();
  await expect(page.getByTestId('secret-value')).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);
  const row = page.getByRole('row', { name: new RegExp(clientId) });
  for (const text of ['Tỉnh Bình Phước', 'Theo dõi', 'Số liệu tổng hợp: đọc', '120 lượt/phút', 'Đang hoạt động']) {
    await expect(row).toContainText(text);
  }
  await screenshot(page, 'api-clients');

  // A new secret is shown once too; the old one stops working at once.
  await row.getByRole('button', { name: 'Cấp lại khóa bí mật' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: 'Cấp lại khóa bí mật' }).click();
  const rotated = page.getByRole('dialog', { name: /Khóa bí mật mới/ });
  const newSecret = await rotated.getByTestId('secret-value').inputValue();
  expect(newSecret).not.toBe(secret);
  await rotated.getByRole('button', { name: 'Tôi đã lưu lại, đóng' }).click();
  expect((await clientToken(request, clientId, secret)).ok()).toBe(false);
  expect((await clientToken(request, clientId, newSecret)).status()).toBe(200);

  await row.getByRole('button', { name: `Sửa ${clientId}` }).click();
  const edit = page.getByRole('dialog', { name: /Sửa ứng dụng/ });
  await expect(edit.getByLabel('Mã ứng dụng (client_id)')).toBeDisabled();
  await edit.getByLabel('Giới hạn truy cập').fill('300');
  await edit.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(page.getByText('Đã lưu thay đổi của ứng dụng “Cổng thông tin điện tử tỉnh Bình Phước”.')).toBeVisible();
  await expect(row).toContainText('300 lượt/phút');

  await row.getByRole('button', { name: 'Vô hiệu hóa' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: 'Vô hiệu hóa' }).click();
  await expect(row).toContainText('Đã vô hiệu hóa');
  expect((await clientToken(request, clientId, newSecret)).ok()).toBe(false);
});

test('a commune official creates an API token, uses it, then revokes it', async ({ page, request, baseURL }) => {
  const name = `Nhập số liệu từ Excel ${RUN}`;
  await signIn(page, 'songvan.reporter');
  await page.getByTestId('current-user').click();
  await page.getByRole('menuitem', { name: 'Mã truy cập API' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mã truy cập API' })).toBeVisible();

  await page.getByRole('button', { name: 'Tạo mã truy cập' }).click();
  const drawer = page.getByRole('dialog', { name: 'Tạo mã truy cập API' });
  await drawer.getByLabel('Tên gợi nhớ').fill(name);
  await drawer.getByLabel('Phạm vi quyền').click();
  await page.keyboard.type('so lieu');
  await chooseOption(page, 'Đọc và ghi');
  await page.keyboard.press('Escape');
  await drawer.getByRole('spinbutton', { name: 'Thời hạn' }).fill('30');
  await drawer.getByRole('button', { name: 'Tạo mã', exact: true }).click();

  const shown = page.getByRole('dialog', { name: /Đã tạo mã truy cập/ });
  await expect(shown.getByText('Chỉ hiển thị một lần')).toBeVisible();
  const token = await shown.getByTestId('secret-value').inputValue();
  expect(token).toMatch(/^qcdc_/);
  await expect(shown).toContainText(`curl -H "Authorization: Bearer ${token}" ${baseURL}/api/v1/auth/me`);
  await expect(shown).toContainText(`qcdc login --server ${baseURL} --token ${token}`);
  await screenshot(page, 'api-token-created');

  const me = await request.get('/api/v1/auth/me', { headers: { Authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()) as { username: string }).toMatchObject({ username: 'songvan.reporter' });

  await shown.getByRole('button', { name: 'Tôi đã lưu lại, đóng' }).click();
  await expect(page.getByText(token)).toHaveCount(0);
  const row = page.getByRole('row', { name: new RegExp(name) });
  for (const text of [`${token.slice(0, 12)}…`, 'Đọc toàn bộ dữ liệu', 'Số liệu: đọc và ghi', 'Đang hiệu lực']) {
    await expect(row).toContainText(text);
  }
  await screenshot(page, 'api-tokens');

  await row.getByRole('button', { name: `Thu hồi ${name}` }).click();
  await page.getByRole('tooltip').getByRole('button', { name: 'Thu hồi' }).click();
  await expect(page.getByText(`Đã thu hồi mã “${name}”.`)).toBeVisible();
  await expect(row).toContainText('Đã thu hồi');
  await expect(row.getByRole('button', { name: /Thu hồi/ })).toHaveCount(0);
  const refused = await request.get('/api/v1/auth/me', { headers: { Authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
});

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on this machine: records every POST and answers with the status of the moment. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[]; answer: { status: number } }> {
  const received: Received[] = [];
  const answer = { status: 500 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer.status, { 'Content-Type': 'text/plain' }).end(answer.status === 200 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/qcdc/su-kien`, received, answer };
}

/** Issues a plan of Hớn Quản through the API, the event the webhook listens to. */
async function issuePlan(request: APIRequestContext): Promise<void> {
  const grant = await request.post('/api/v1/auth/token', { form: { grant_type: 'password', username: 'admin', password: DEMO_PASSWORD } });
  const headers = { Authorization: `Bearer ${((await grant.json()) as { access_token: string }).access_token}` };
  const units = await request.get('/api/v1/org-units', { headers, params: { q: '694' } });
  const issuer = ((await units.json()) as { items: { id: number; code: string }[] }).items.find((u) => u.code === '694');
  expect(issuer).toBeDefined();
  const imported = await request.post('/api/v1/plans/import', { headers, data: { text: SEED_001, issuer_id: issuer?.id, dry_run: false } });
  expect(imported.status(), await imported.text()).toBeLessThan(300);
  const planId = ((await imported.json()) as { plan_id: number }).plan_id;
  const patched = await request.patch(`/api/v1/plans/${planId}`, { headers, data: { number: '977', issue_date: '2024-03-20' } });
  expect(patched.status(), await patched.text()).toBe(200);
  const issued = await request.post(`/api/v1/plans/${planId}/issue`, { headers });
  expect(issued.status(), await issued.text()).toBe(200);
}

test('an admin subscribes a receiver to issued plans, sees the failed delivery and sends it again', async ({ page, request }) => {
  const receiver = await startReceiver();
  try {
    const name = `Cổng thông tin nhận kế hoạch ${RUN}`;
    await signIn(page, 'admin');
    await openAdmin(page, 'Webhook');
    await expect(page.getByRole('heading', { level: 1, name: 'Webhook' })).toBeVisible();

    await page.getByRole('button', { name: 'Thêm webhook' }).click();
    const drawer = page.getByRole('dialog', { name: 'Thêm webhook' });
    await drawer.getByLabel('Tên', { exact: true }).fill(name);
    await drawer.getByLabel('Địa chỉ nhận (URL)').fill(receiver.url);
    await drawer.getByLabel('Sự kiện').click();
    await chooseOption(page, 'Ban hành kế hoạch');
    await page.keyboard.press('Escape');
    await drawer.getByRole('button', { name: 'Tạo webhook', exact: true }).click();

    const shown = page.getByRole('dialog', { name: /Đã tạo webhook/ });
    await expect(shown.getByText('Chỉ hiển thị một lần')).toBeVisible();
    await expect(shown.getByText('Cách kiểm tra chữ ký')).toBeVisible();
    await expect(shown.getByText('Kiểm tra bằng Python')).toBeVisible();
    const secret = await shown.getByTestId('secret-value').inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(20);
    await screenshot(page, 'webhook-secret');
    await shown.getByRole('button', { name: 'Tôi đã lưu lại, đóng' }).click();

    const row = page.getByRole('row', { name: new RegExp(name) });
    for (const text of ['Ban hành kế hoạch', 'Toàn hệ thống', 'Đang hoạt động']) await expect(row).toContainText(text);
    await screenshot(page, 'webhooks');

    await issuePlan(request);
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const first = receiver.received[0] as Received;
    expect(first.headers['x-qcdc-event']).toBe('plan.issued');
    // The signature is the documented one: t=<timestamp>,v1=HMAC-SHA256(secret, "<timestamp>.<body>").
    const fields = Object.fromEntries(String(first.headers['x-qcdc-signature']).split(',').map((part) => part.split('=', 2)));
    expect(fields.v1).toBe(createHmac('sha256', secret).update(`${fields.t}.${first.body}`).digest('hex'));
    expect((JSON.parse(first.body) as { data: { plan: { symbol: string } } }).data.plan.symbol).toContain('977');

    await row.getByRole('button', { name: `Nhật ký gửi ${name}` }).click();
    const log = page.getByRole('dialog', { name: `Nhật ký gửi: ${name}` });
    const delivery = log.getByRole('row', { name: /Ban hành kế hoạch/ });
    await expect(delivery).toContainText('HTTP 500');
    await expect(delivery).toContainText('Đang chờ gửi');
    await screenshot(page, 'webhook-deliveries');

    receiver.answer.status = 200;
    await delivery.getByRole('button', { name: 'Gửi lại' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Gửi lại' }).click();
    await expect(page.getByText('Đã gửi thành công.')).toBeVisible();
    await expect(delivery).toContainText('Đã gửi');
    await expect(delivery).toContainText('HTTP 200');
    const again = receiver.received.at(-1) as Received;
    expect(again.headers['x-qcdc-delivery']).toBe(first.headers['x-qcdc-delivery']);
    await log.locator('.ant-drawer-close').click();

    await row.getByRole('button', { name: 'Tạm dừng' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Tạm dừng' }).click();
    await expect(row).toContainText('Tạm dừng');

    await row.getByRole('button', { name: `Xóa ${name}` }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Xóa' }).click();
    await expect(page.getByText(`Đã xóa webhook “${name}”.`)).toBeVisible();
    await expect(row).toHaveCount(0);
  } finally {
    await new Promise((done) => receiver.server.close(done));
  }
});

/**
 * Single sign-on: an official signs in at the province's identity provider and lands in QCDC as the
 * account it names; an account QCDC does not know comes back to the sign-in page with the reason.
 */
import { IDP_LABEL } from './fake-idp';
import { expect, screenshot, test } from './fixtures';

test('an official signs in through the province\'s identity provider', async ({ page }) => {
  await page.goto('/plans');
  await expect(page).toHaveURL(/\/login$/);
  const sso = page.getByRole('link', { name: `Đăng nhập bằng ${IDP_LABEL}` });
  await expect(sso).toBeVisible();
  await screenshot(page, 'login-sso');
  await sso.click();

  await expect(page.getByRole('heading', { name: 'Cổng xác thực tỉnh' })).toBeVisible();
  await page.getByLabel('Tài khoản').fill('tanyen.reviewer');
  await page.getByRole('button', { name: 'Xác nhận' }).click();

  // Back in QCDC, signed in, on the page first asked for; the tokens left no trace in the URL.
  await expect(page).toHaveURL(/\/plans$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Kế hoạch' })).toBeVisible();
  expect(new URL(page.url()).hash).toBe('');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Kế hoạch' })).toBeVisible();
});

test('an account QCDC does not know is told so on the sign-in page', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: `Đăng nhập bằng ${IDP_LABEL}` }).click();
  await page.getByLabel('Tài khoản').fill('nguoi.la');
  await page.getByRole('button', { name: 'Xác nhận' }).click();
  await expect(page).toHaveURL(/\/login\?sso_error=no_account$/);
  await expect(page.getByRole('alert')).toContainText('Tài khoản này chưa được cấp quyền trong QCDC');
});

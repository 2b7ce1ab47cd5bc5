import { expect, test as base, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_PASSWORD = 'qcdc-demo-2024';
const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');

export const test = base.extend<{ contentSecurityPolicy: void }>({
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error('E2E_BASE_URL is not set: the global setup did not run');
    await use(url);
  },
  // Every test also checks that nothing the pages did broke the server's Content-Security-Policy
  // (backend/kit/headers.py): Chromium reports each refusal on the console.
  contentSecurityPolicy: [async ({ context }, use) => {
    const refused: string[] = [];
    context.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) refused.push(message.text());
    });
    await use();
    expect(refused, 'the pages broke the Content-Security-Policy').toEqual([]);
  }, { auto: true }],
});

export { expect };

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** Picks an item in the open AntD select dropdown (its role=option twins are hidden a11y nodes). */
export async function chooseOption(page: Page, label: string): Promise<void> {
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').getByText(label, { exact: true }).click();
}

/** Saved on every run, so the pages can be looked at after any change. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
}

/** Opens an AntD single select by its labelled combobox (the shown value covers the input) and picks an item. */
export async function pick(page: Page, combobox: Locator, label: string): Promise<void> {
  // The list of a select just picked from stays visible while it fades out: with the same items,
  // the next pick would find its option twice.
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await combobox.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]').click();
  await chooseOption(page, label);
}

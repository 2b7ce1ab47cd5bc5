import { expect, pick, screenshot, signIn, test } from './fixtures';

test('a reviewer reminds a commune that has not reported; its reporter reads it under the bell', async ({ page }) => {
  await signIn(page, 'tanyen.reviewer');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Duyệt báo cáo' }).click();
  const missing = page.getByTestId('missing-reports');
  await expect(missing.getByText('Đơn vị chưa gửi báo cáo')).toBeVisible();
  await pick(page, missing.getByRole('combobox', { name: 'Mẫu báo cáo' }), 'Báo cáo quý về thực hiện dân chủ ở xã, phường, thị trấn');
  const remind = missing.getByRole('button', { name: 'Nhắc Xã Song Vân' });
  await expect(remind).toBeVisible();
  await screenshot(page, 'review-missing-reports');
  await remind.click();
  await expect(page.getByText('Đã nhắc 1 đơn vị.')).toBeVisible();
  // Once a unit a day: a second reminder today is refused, in words.
  await remind.click();
  await expect(page.getByText(/đã được nhắc gửi báo cáo này hôm nay/)).toBeVisible();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();

  await signIn(page, 'songvan.reporter');
  const bell = page.getByRole('button', { name: /^Thông báo: [1-9]\d* chưa đọc$/ });
  await expect(bell).toBeVisible();
  await bell.click();
  const reminder = page.getByTestId('notification').filter({ hasText: 'Huyện Tân Yên nhắc gửi báo cáo «Báo cáo quý' });
  await expect(reminder).toBeVisible();
  await screenshot(page, 'notifications');
  await page.getByRole('button', { name: 'Đánh dấu đã đọc tất cả' }).click();
  await expect(page.getByRole('button', { name: 'Thông báo: 0 chưa đọc' })).toBeVisible();
  await reminder.getByRole('link').click();
  await expect(page).toHaveURL(/\/reports$/);
});

test('a user gives an address for the daily digest and turns it off', async ({ page }) => {
  await signIn(page, 'songvan.planner');
  await page.getByRole('button', { name: /Tài khoản|Văn phòng UBND xã Song Vân/ }).click();
  await page.getByRole('menuitem', { name: 'Nhận thông báo qua thư điện tử' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nhận thông báo qua thư điện tử' });
  await dialog.getByLabel('Địa chỉ thư điện tử').fill('khong-phai-dia-chi');
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(dialog.getByText('Địa chỉ thư điện tử không hợp lệ.')).toBeVisible();
  await dialog.getByLabel('Địa chỉ thư điện tử').fill('vanphong@songvan.gov.vn');
  await dialog.getByRole('switch').click();
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã lưu cài đặt thông báo.')).toBeVisible();

  // Saved on the server: the dialog opened again, after a reload, shows what was saved.
  await page.reload();
  await page.getByRole('button', { name: /Tài khoản|Văn phòng UBND xã Song Vân/ }).click();
  await page.getByRole('menuitem', { name: 'Nhận thông báo qua thư điện tử' }).click();
  await expect(dialog.getByLabel('Địa chỉ thư điện tử')).toHaveValue('vanphong@songvan.gov.vn');
  await expect(dialog.getByRole('switch')).not.toBeChecked();
});

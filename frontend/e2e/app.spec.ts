import { chooseOption, expect, screenshot, signIn, test } from './fixtures';

// The 2024 tree (global-setup.ts): the seeds' four provinces and the three they merged with in 2025.
const PROVINCES = ['Tỉnh Bình Phước', 'Tỉnh Bắc Giang', 'Tỉnh Lạng Sơn', 'Tỉnh Đắk Lắk', 'Tỉnh Bắc Ninh', 'Tỉnh Đồng Nai', 'Tỉnh Phú Yên'];

test.describe('sign in', () => {
  test('shows the form in Vietnamese and asks for both fields', async ({ page }) => {
    const served = await page.goto('/login');
    // Under the server's policy: the fixture fails any test whose pages break it.
    expect(served?.headers()['content-security-policy']).toContain("script-src 'self';");
    await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByText('Nhập tên đăng nhập.')).toBeVisible();
    await expect(page.getByText('Nhập mật khẩu.')).toBeVisible();
    await screenshot(page, 'login');
  });

  test('says so when the password is wrong', async ({ page }) => {
    await signIn(page, 'admin', 'not-the-password');
    await expect(page.getByRole('alert')).toContainText('Tên đăng nhập hoặc mật khẩu không đúng.');
    await expect(page).toHaveURL(/\/login$/);
    await screenshot(page, 'login-wrong-password');
  });

  test('says until when a locked account is locked', async ({ page }) => {
    const alert = page.getByRole('alert');
    await page.goto('/login');
    // The server locks a name, from this address, after a few wrong passwords in a row.
    for (let attempt = 0; attempt < 8; attempt += 1) {
      await page.getByLabel('Tên đăng nhập').fill('songvan.viewer');
      await page.getByLabel('Mật khẩu').fill(`wrong-${attempt}`);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await expect(alert).toBeVisible();
      if ((await alert.textContent())?.includes('tạm khóa')) break;
    }
    await expect(alert).toContainText(/bị tạm khóa đến \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await screenshot(page, 'login-locked');
  });

  test('keeps the session over a reload and ends it on sign out', async ({ page }) => {
    await signIn(page, 'admin');
    await expect(page.getByTestId('current-user')).toHaveText('Quản trị hệ thống');
    await page.reload();
    await expect(page.getByTestId('current-user')).toHaveText('Quản trị hệ thống');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/units');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('returns to the deep link it was sent from', async ({ page }) => {
    await page.goto('/units/3');
    await expect(page).toHaveURL(/\/login$/);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill('qcdc-demo-2024');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page).toHaveURL(/\/units\/3$/);
    await expect(page.getByRole('heading', { level: 2, name: /Huyện Hớn Quản/ })).toBeVisible();
    // The tree opens down to the linked unit and marks it.
    const tree = page.getByRole('tree', { name: 'Cơ cấu đơn vị' });
    await expect(tree.getByRole('treeitem', { name: 'Huyện Hớn Quản' }).locator('[aria-current="page"]')).toBeVisible();
    await expect(tree.getByText('Sở Nội vụ tỉnh Bình Phước', { exact: true })).toBeVisible();
  });
});

test.describe('units', () => {
  test('admin sees the provinces and walks down the tree', async ({ page }) => {
    await signIn(page, 'admin');
    await expect(page).toHaveURL(/\/$/);
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Đơn vị' }).click();
    const tree = page.getByRole('tree', { name: 'Cơ cấu đơn vị' });
    for (const name of PROVINCES) await expect(tree.getByText(name, { exact: true })).toBeVisible();
    await expect(tree.getByRole('treeitem')).toHaveCount(PROVINCES.length);
    await screenshot(page, 'units');

    // Opening a province loads its children from the server.
    await tree.getByRole('treeitem', { name: 'Tỉnh Bình Phước' }).locator('.ant-tree-switcher').click();
    await tree.getByText('Huyện Hớn Quản', { exact: true }).click();
    await expect(page).toHaveURL(/\/units\/\d+$/);
    const detail = page.getByRole('main');
    await expect(detail.getByRole('heading', { level: 2, name: /Huyện Hớn Quản/ })).toBeVisible();
    await expect(detail.getByRole('navigation', { name: 'Vị trí trong cơ cấu' }).getByRole('link', { name: 'Tỉnh Bình Phước' })).toBeVisible();
    await expect(detail.getByRole('table').getByRole('link', { name: 'Phòng Nội vụ huyện Hớn Quản' })).toBeVisible();
    await screenshot(page, 'unit-detail');

    // More children than one page: the next page comes from the server.
    await expect(detail.getByText('Tổng số 21')).toBeVisible();
    await detail.getByRole('listitem', { name: '2' }).click();
    await expect(detail.getByRole('table').getByRole('link')).toHaveCount(1);
  });

  test('search without diacritics finds Huyện Hớn Quản', async ({ page }) => {
    await signIn(page, 'admin');
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Đơn vị' }).click();
    await page.getByRole('searchbox', { name: 'Tìm đơn vị' }).fill('hon quan');
    const results = page.getByRole('region', { name: 'Kết quả tìm kiếm đơn vị' });
    await expect(results.getByRole('link', { name: 'Huyện Hớn Quản', exact: true })).toBeVisible();
    await expect(page.getByRole('status')).toContainText(/Tìm thấy \d+ đơn vị/);
    // Each match says where it sits.
    await expect(results.getByText('Tỉnh Bình Phước › Huyện Hớn Quản').first()).toBeVisible();
    await screenshot(page, 'units-search');
    await results.getByRole('link', { name: 'Huyện Hớn Quản', exact: true }).click();
    await expect(page.getByRole('main').getByRole('heading', { level: 2, name: /Huyện Hớn Quản/ })).toBeVisible();
  });

  test('a commune user sees only the part of the tree above them', async ({ page }) => {
    await signIn(page, 'songvan.reporter');
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Đơn vị' }).click();
    const tree = page.getByRole('tree', { name: 'Cơ cấu đơn vị' });
    await expect(tree.getByRole('treeitem').first()).toBeVisible();
    await expect(tree.getByText('Tỉnh Bình Phước', { exact: true })).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'Điều hướng chính' }).getByText('Quản trị')).toHaveCount(0);
    await page.goto('/admin/users');
    await expect(page.getByText('Không có quyền truy cập')).toBeVisible();
  });
});

test.describe('work lists', () => {
  test('a commune reporter finds their tasks, reports, plans and the indicator catalogue', async ({ page }) => {
    await signIn(page, 'songvan.reporter');
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await expect(nav.getByRole('link', { name: 'Duyệt báo cáo' })).toHaveCount(0);

    await nav.getByRole('link', { name: 'Nhiệm vụ của tôi' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Nhiệm vụ của tôi' })).toBeVisible();
    await expect(page.getByRole('table')).toBeVisible();
    await screenshot(page, 'tasks');

    await nav.getByRole('link', { name: 'Báo cáo', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Báo cáo của đơn vị' })).toBeVisible();
    await expect(page.getByRole('table')).toBeVisible();
    await screenshot(page, 'reports');

    await nav.getByRole('link', { name: 'Kế hoạch' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Kế hoạch' })).toBeVisible();
    await expect(page.getByRole('table')).toBeVisible();
    await screenshot(page, 'plans');

    await nav.getByRole('link', { name: 'Chỉ số' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Chỉ số' })).toBeVisible();
    await page.getByRole('tab', { name: 'Danh mục chỉ số' }).click();
    await expect(page.getByText(/Tổng số \d+/)).toBeVisible();
    await page.getByRole('searchbox', { name: 'Tìm chỉ số' }).fill('hồ sơ');
    await page.getByRole('searchbox', { name: 'Tìm chỉ số' }).press('Enter');
    await expect(page.getByRole('cell', { name: /Tỷ lệ hồ sơ thủ tục hành chính đã giải quyết/ })).toBeVisible();
    await screenshot(page, 'indicators');

    await page.goto('/review');
    await expect(page.getByText('Không có quyền truy cập')).toBeVisible();
  });

  test('a reviewer opens the reports waiting for review', async ({ page }) => {
    await signIn(page, 'honquan.reviewer');
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Duyệt báo cáo' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Duyệt báo cáo' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Lọc theo trạng thái' })).toBeVisible();
    await expect(page.locator('.ant-select-selection-item', { hasText: 'Chờ duyệt' })).toBeVisible();
    await screenshot(page, 'review');
  });
});

test.describe('administration', () => {
  test('admin creates a user, sees the API field errors, then the user and its audit event', async ({ page }) => {
    await signIn(page, 'admin');
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByText('Quản trị').click();
    await page.getByRole('link', { name: 'Người dùng' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Người dùng' })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'honquan.planner', exact: true })).toBeVisible();
    await screenshot(page, 'users');

    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('Tên đăng nhập').fill('e2e.songvan');
    await drawer.getByLabel('Họ và tên').fill('Nguyễn Thị Kiểm Thử');
    await drawer.getByLabel('Đơn vị').fill('song van');
    await chooseOption(page, 'Xã Song Vân');
    await drawer.getByLabel('Vai trò').click();
    await chooseOption(page, 'Lập báo cáo');
    await page.keyboard.press('Escape');
    await drawer.getByLabel('Mật khẩu').fill('short');
    await drawer.getByRole('button', { name: 'Lưu' }).click();
    // The rule is the server's: its field error lands next to the password field.
    await expect(drawer.getByText('Cần ít nhất 10 ký tự.')).toBeVisible();
    await screenshot(page, 'users-create-error');

    await drawer.getByLabel('Mật khẩu').fill('mat-khau-du-dai-2024');
    await drawer.getByRole('button', { name: 'Lưu' }).click();
    await expect(page.getByText('Đã tạo người dùng e2e.songvan.')).toBeVisible();
    // Typed while the drawer slides away: once it is gone, the focus stays in the search box and
    // Enter searches, rather than pressing "Thêm người dùng" again.
    await page.getByRole('searchbox', { name: 'Tìm người dùng' }).fill('e2e');
    await expect(drawer).toBeHidden();
    await page.keyboard.press('Enter');
    const row = page.getByRole('row', { name: /e2e\.songvan/ });
    await expect(row).toContainText('Xã Song Vân');
    await expect(row).toContainText('Lập báo cáo');
    await expect(row).toContainText('Đang hoạt động');

    await row.getByRole('button', { name: 'Vô hiệu hóa' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Vô hiệu hóa' }).click();
    await expect(row).toContainText('Đã vô hiệu hóa');

    await page.getByRole('link', { name: 'Nhật ký hệ thống' }).click();
    await page.getByRole('combobox', { name: 'Lọc theo loại đối tượng' }).click();
    await chooseOption(page, 'Người dùng');
    await expect(page.getByRole('row', { name: /admin.*Tạo mới.*Người dùng/ }).first()).toBeVisible();
    await expect(page.getByRole('row', { name: /admin.*Cập nhật.*Người dùng/ }).first()).toBeVisible();
    await screenshot(page, 'audit');
  });

  test('the interface switches to English and stays so', async ({ page }) => {
    await signIn(page, 'admin');
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Đơn vị' }).click();
    await page.getByRole('radiogroup', { name: 'Ngôn ngữ' }).getByText('EN').click();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByText('Units')).toBeVisible();
    await page.reload();
    await expect(nav.getByText('Units')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(page.getByRole('tree', { name: 'Unit hierarchy' }).getByText('Tỉnh Bình Phước')).toBeVisible();
    await screenshot(page, 'units-en');
    await page.getByRole('radiogroup', { name: 'Language' }).getByText('VI').click();
    await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toBeVisible();
  });
});

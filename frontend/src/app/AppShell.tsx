import { DownOutlined, KeyOutlined, LogoutOutlined, MailOutlined, UserOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Dropdown, Flex, Layout, Menu, Skeleton, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { NotificationBell } from '../components/NotificationBell';
import { useT } from '../i18n';
import { useCurrentUser } from './CurrentUser';
import { menuItems, selectedKey } from './menu';

// A dialog few open: loaded when it is.
const EmailSettings = lazy(() => import('../components/EmailSettings'));

export function AppShell() {
  const t = useT();
  const { me, can } = useCurrentUser();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const items = useMemo(() => menuItems(can, t), [can, t]);
  const selected = selectedKey(pathname);
  // Below 992 px the menu folds to icons, leaving the content room for its tables.
  const [narrow, setNarrow] = useState(false);
  const [emailOpen, setEmailOpen] = useState(false);

  const signOut = () => {
    void api.signOut();
    void navigate('/login', { replace: true });
  };

  // AntApp gives the pages `message` and `modal` hooks; it lives here rather than at the root so the
  // sign-in page, the first thing loaded, does not carry their code.
  return (
    <AntApp>
      <Layout style={{ minHeight: '100vh' }}>
        <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
        <Layout.Sider
          width={224}
          theme="light"
          breakpoint="lg"
          collapsedWidth={64}
          collapsed={narrow}
          onBreakpoint={setNarrow}
          style={{ borderRight: '1px solid #f0f0f0' }}
        >
          <Flex vertical style={{ padding: narrow ? '16px 4px 12px' : '16px 20px 12px', alignItems: narrow ? 'center' : 'stretch', whiteSpace: 'nowrap' }}>
            <Typography.Text strong style={{ fontSize: narrow ? 16 : 20, color: '#b71c1c', lineHeight: 1.2 }}>{t('app.name')}</Typography.Text>
            {!narrow && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('app.tagline')}</Typography.Text>}
          </Flex>
          <nav aria-label={t('nav.main')}>
            <Menu
              mode="inline"
              items={items}
              selectedKeys={[selected]}
              defaultOpenKeys={selected.startsWith('/admin') ? ['/admin'] : []}
              style={{ borderInlineEnd: 'none' }}
            />
          </nav>
        </Layout.Sider>
        <Layout>
          <Layout.Header style={{ background: '#fff', padding: '0 24px', borderBottom: '1px solid #f0f0f0', height: 56, lineHeight: '56px' }}>
            <Flex justify="flex-end" align="center" gap={16} style={{ height: '100%' }}>
              <NotificationBell />
              {/* The account menu: what belongs to the user rather than to a unit (their API tokens). */}
              <Dropdown
                trigger={['click']}
                menu={{
                  items: [{
                    key: '/account/api-tokens',
                    icon: <KeyOutlined aria-hidden />,
                    label: <Link to="/account/api-tokens">{t('nav.apiTokens')}</Link>,
                  }, {
                    key: 'email',
                    icon: <MailOutlined aria-hidden />,
                    label: t('notifications.emailTitle'),
                    onClick: () => setEmailOpen(true),
                  }],
                  selectedKeys: [pathname],
                }}
              >
                <Button type="text" icon={<UserOutlined aria-hidden />} aria-haspopup="menu" title={t('header.account')}>
                  <span>
                    <Typography.Text strong data-testid="current-user">{me.full_name}</Typography.Text>
                    <Typography.Text type="secondary"> · {me.unit?.name ?? t('header.allUnits')}</Typography.Text>
                  </span>
                  <DownOutlined aria-hidden style={{ fontSize: 10 }} />
                </Button>
              </Dropdown>
              {emailOpen && <Suspense><EmailSettings me={me} open onClose={() => setEmailOpen(false)} /></Suspense>}
              <LanguageSwitch />
              <Button icon={<LogoutOutlined aria-hidden />} onClick={signOut}>{t('header.signOut')}</Button>
            </Flex>
          </Layout.Header>
          <Layout.Content id="main" tabIndex={-1} style={{ padding: 24, outline: 'none' }}>
            <Suspense fallback={<Skeleton active />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
        </Layout>
      </Layout>
    </AntApp>
  );
}

import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Popover, Spin } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useNotifications } from '../api/notificationQueries';
import { useT } from '../i18n';

// The list is not part of the first screen: it loads on the first click.
const NotificationPanel = lazy(() => import('./NotificationPanel'));

/** The header's bell: the count of unread notifications, and the newest of them on a click. */
export function NotificationBell() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const unread = useNotifications(false).data?.unread ?? 0;

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={t('notifications.title')}
      content={open && <Suspense fallback={<Spin size="small" />}><NotificationPanel onClose={() => setOpen(false)} /></Suspense>}
      open={open}
      onOpenChange={setOpen}
    >
      <Button type="text" aria-label={t('notifications.bell', { count: unread })} title={t('notifications.title')}>
        <Badge count={unread} size="small" data-testid="notification-count">
          <BellOutlined aria-hidden style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}

import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, Flex, List, Popover, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useNotifications, useReadAllNotifications, useReadNotification } from '../api/notificationQueries';
import type { Notification } from '../api/types';
import { useT } from '../i18n';
import { formatDateTime } from '../lib/format';
import { problemText } from './problemText';

/** The notifications as a list: the unread ones in bold, each with its own "mark as read". */
export function NotificationList({ items, onOpen, onRead }: {
  items: readonly Notification[];
  onOpen: (item: Notification) => void;
  onRead: (item: Notification) => void;
}) {
  const t = useT();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />;
  return (
    <List<Notification>
      size="small"
      dataSource={[...items]}
      renderItem={(item) => (
        <List.Item
          data-testid="notification"
          actions={item.read_at === null
            ? [<Button key="read" size="small" type="text" icon={<CheckOutlined aria-hidden />} title={t('notifications.markRead')} aria-label={t('notifications.markRead')} onClick={() => onRead(item)} />]
            : []}
        >
          <Flex vertical gap={2}>
            <Typography.Link
              strong={item.read_at === null}
              href={item.link ?? undefined}
              onClick={(event) => { event.preventDefault(); onOpen(item); }}
            >
              {item.text}
            </Typography.Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(item.created_at)}</Typography.Text>
          </Flex>
        </List.Item>
      )}
    />
  );
}

/** The header's bell: the count of unread notifications, and the newest of them on a click. */
export function NotificationBell() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const notifications = useNotifications(unreadOnly);
  const read = useReadNotification();
  const readAll = useReadAllNotifications();
  const unread = notifications.data?.unread ?? 0;

  const markRead = (item: Notification) => read.mutateAsync(item.id).catch((error: unknown) => {
    void message.error(problemText(error, t));
  });
  const openItem = (item: Notification) => {
    if (item.read_at === null) void markRead(item);
    setOpen(false);
    if (item.link) void navigate(item.link);
  };

  const content = (
    <Flex vertical gap={8} style={{ width: 380, maxWidth: '90vw' }}>
      <Flex justify="space-between" align="center">
        <Segmented<'all' | 'unread'>
          size="small"
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(value) => setUnreadOnly(value === 'unread')}
          options={[{ value: 'all', label: t('notifications.all') }, { value: 'unread', label: t('notifications.onlyUnread') }]}
        />
        <Button size="small" type="link" disabled={unread === 0} loading={readAll.isPending} onClick={() => void readAll.mutateAsync()}>
          {t('notifications.readAll')}
        </Button>
      </Flex>
      <div style={{ maxHeight: 420, overflowY: 'auto' }}>
        <NotificationList items={notifications.data?.items ?? []} onOpen={openItem} onRead={(item) => void markRead(item)} />
      </div>
    </Flex>
  );

  return (
    <Popover trigger="click" placement="bottomRight" title={t('notifications.title')} content={content} open={open} onOpenChange={setOpen}>
      <Button type="text" aria-label={t('notifications.bell', { count: unread })} title={t('notifications.title')}>
        <Badge count={unread} size="small" data-testid="notification-count">
          <BellOutlined aria-hidden style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}

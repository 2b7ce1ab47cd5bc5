import { CheckOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, List, Segmented, Typography } from 'antd';
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

/** What the bell opens (loaded on the first click): the newest notifications, all or unread. */
export default function NotificationPanel({ onClose }: { onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
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
    onClose();
    if (item.link) void navigate(item.link);
  };

  return (
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
}

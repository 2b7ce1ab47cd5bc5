import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Input, Popconfirm, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useUpdateUser, useUsers, type UserFilters } from '../../api/queries';
import { ROLES, type Role, type User, type UserUpdate } from '../../api/types';
import { PageTitle } from '../../components/PageTitle';
import { serverPagination } from '../../components/serverPagination';
import { QueryError } from '../../components/QueryError';
import { problemText } from '../../components/problemText';
import { useI18n, type MessageKey } from '../../i18n';
import { UserDrawer } from './UserDrawer';

const PAGE_SIZE = 20;

export function UsersPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<UserFilters>({ q: '', role: undefined, page: 1, limit: PAGE_SIZE });
  const [editing, setEditing] = useState<User | null | undefined>(undefined);
  const users = useUsers(filters);
  const update = useUpdateUser();

  const change = async (user: User, body: UserUpdate, done: MessageKey) => {
    try {
      await update.mutateAsync({ id: user.id, body });
      void message.success(t(done, { username: user.username }));
    } catch (error) {
      void message.error(problemText(error, t));
    }
  };

  const columns: TableColumnsType<User> = [
    { key: 'username', title: t('users.username'), dataIndex: 'username', width: 200 },
    { key: 'full_name', title: t('users.fullName'), dataIndex: 'full_name' },
    { key: 'unit', title: t('users.unit'), render: (_, user) => user.unit?.name ?? t('header.allUnits') },
    {
      key: 'roles',
      title: t('users.roles'),
      render: (_, user) => user.roles.map((role) => <Tag key={role} bordered={false}>{t(`role.${role}`)}</Tag>),
    },
    {
      key: 'status',
      title: t('users.status'),
      width: 190,
      render: (_, user) => {
        if (!user.is_active) return <Tag color="default">{t('users.inactive')}</Tag>;
        return <Tag color="green">{t('users.active')}</Tag>;
      },
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 230,
      render: (_, user) => (
        <Space size={0} wrap>
          <Button size="small" type="link" onClick={() => setEditing(user)} aria-label={`${t('common.edit')} ${user.username}`}>{t('common.edit')}</Button>
          <Popconfirm
            title={t(user.is_active ? 'users.disableConfirm' : 'users.enableConfirm', { username: user.username })}
            okText={t(user.is_active ? 'users.disable' : 'users.enable')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: user.is_active }}
            onConfirm={() => change(user, { is_active: !user.is_active }, user.is_active ? 'users.disabled' : 'users.enabled')}
          >
            <Button size="small" type="link" danger={user.is_active}>
              {t(user.is_active ? 'users.disable' : 'users.enable')}
            </Button>
          </Popconfirm>
          {/* Locks are per client address and live outside the account, so the list cannot say
              whether one is in force: lifting them is always offered. */}
          {user.is_active && (
            <Button size="small" type="link" onClick={() => void change(user, { unlock: true }, 'users.unlocked')}>
              {t('users.unlock')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('users.title')}
        extra={<Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing(null)}>{t('users.add')}</Button>}
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            aria-label={t('users.searchLabel')}
            placeholder={t('users.searchPlaceholder')}
            allowClear
            style={{ width: 320 }}
            onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim(), page: 1 }))}
          />
          <Select<Role>
            aria-label={t('users.roleFilter')}
            placeholder={t('users.roleFilter')}
            allowClear
            style={{ width: 200 }}
            value={filters.role}
            onChange={(role) => setFilters((f) => ({ ...f, role, page: 1 }))}
            options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
          />
        </Flex>
        {users.isError
          ? <QueryError error={users.error} onRetry={() => void users.refetch()} />
          : (
            <Table<User>
              size="middle"
              rowKey="id"
              columns={columns}
              dataSource={users.data?.items ?? []}
              loading={users.isFetching}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('users.empty')} /> }}
              pagination={serverPagination(
                filters, users.data?.pagination.total, (paging) => setFilters((f) => ({ ...f, ...paging })), t, locale,
              )}
            />
          )}
      </Card>
      <UserDrawer
        user={editing}
        onClose={() => setEditing(undefined)}
        onSaved={(user, created) => {
          setEditing(undefined);
          void message.success(t(created ? 'users.created' : 'users.saved', { username: user.username }));
        }}
      />
    </>
  );
}

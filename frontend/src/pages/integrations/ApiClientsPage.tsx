import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useApiClients, useUpdateApiClient } from '../../api/integrationQueries';
import type { ApiClient, ApiClientCreated, ApiClientUpdate } from '../../api/types';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { problemText } from '../../components/problemText';
import { useI18n, type MessageKey } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { clientExamples } from '../../lib/integrations';
import { ApiClientDrawer } from './ApiClientDrawer';
import { ScopeTags } from './ScopeSelect';
import { SecretReveal, Snippet } from './SecretReveal';

interface Revealed {
  client: ApiClientCreated;
  /** A rotated secret replaces the old one, which stops working at once. */
  rotated: boolean;
}

/** Admins register the provincial portal and other systems that call the API with client credentials. */
export function ApiClientsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const clients = useApiClients();
  const update = useUpdateApiClient();
  const [editing, setEditing] = useState<ApiClient | null | undefined>(undefined);
  const [revealed, setRevealed] = useState<Revealed | null>(null);

  const change = async (client: ApiClient, body: ApiClientUpdate, done: MessageKey) => {
    try {
      const result = await update.mutateAsync({ id: client.id, body });
      if ('client_secret' in result && result.client_secret) setRevealed({ client: result, rotated: true });
      else void message.success(t(done, { name: client.name }));
    } catch (error) {
      void message.error(problemText(error, t));
    }
  };

  const columns: TableColumnsType<ApiClient> = [
    {
      key: 'client_id',
      title: t('apiClients.clientId'),
      width: 190,
      render: (_, client) => <Typography.Text code>{client.client_id}</Typography.Text>,
    },
    { key: 'name', title: t('apiClients.name'), dataIndex: 'name' },
    { key: 'unit', title: t('apiClients.unit'), render: (_, client) => client.unit?.name ?? t('apiClients.wholeCountry') },
    {
      key: 'roles',
      title: t('apiClients.roles'),
      render: (_, client) => client.roles.map((role) => <Tag key={role} bordered={false}>{t(`role.${role}`)}</Tag>),
    },
    { key: 'scopes', title: t('apiClients.scopes'), render: (_, client) => <ScopeTags scopes={client.scopes} /> },
    {
      key: 'rate',
      title: t('apiClients.rateLimit'),
      width: 130,
      render: (_, client) => (client.rate_limit_per_minute === null
        ? <Typography.Text type="secondary">{t('apiClients.defaultRate')}</Typography.Text>
        : t('apiClients.ratePerMinute', { n: formatNumber(client.rate_limit_per_minute, locale) })),
    },
    {
      key: 'status',
      title: t('apiClients.status'),
      width: 140,
      render: (_, client) => (client.is_active
        ? <Tag color="green">{t('apiClients.active')}</Tag>
        : <Tag color="default">{t('apiClients.inactive')}</Tag>),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      width: 260,
      render: (_, client) => (
        <Space size={0} wrap>
          <Button size="small" type="link" onClick={() => setEditing(client)} aria-label={`${t('common.edit')} ${client.client_id}`}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('apiClients.rotateConfirm', { name: client.name })}
            description={t('apiClients.rotateHelp')}
            okText={t('apiClients.rotate')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => change(client, { rotate_secret: true }, 'apiClients.saved')}
          >
            <Button size="small" type="link">{t('apiClients.rotate')}</Button>
          </Popconfirm>
          <Popconfirm
            title={t(client.is_active ? 'apiClients.disableConfirm' : 'apiClients.enableConfirm', { name: client.name })}
            okText={t(client.is_active ? 'apiClients.disable' : 'apiClients.enable')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: client.is_active }}
            onConfirm={() => change(client, { is_active: !client.is_active }, client.is_active ? 'apiClients.disabled' : 'apiClients.enabled')}
          >
            <Button size="small" type="link" danger={client.is_active}>
              {t(client.is_active ? 'apiClients.disable' : 'apiClients.enable')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const shown = revealed?.client ?? null;
  const examples = shown ? clientExamples(window.location.origin, shown.client_id, shown.client_secret) : null;
  return (
    <>
      <PageTitle
        title={t('apiClients.title')}
        extra={<Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing(null)}>{t('apiClients.add')}</Button>}
      />
      <Alert type="info" showIcon message={t('apiClients.intro')} style={{ marginBottom: 16 }} />
      <Card>
        {clients.isError
          ? <QueryError error={clients.error} onRetry={() => void clients.refetch()} />
          : (
            <Table<ApiClient>
              size="middle"
              rowKey="id"
              columns={columns}
              dataSource={clients.data ?? []}
              loading={clients.isFetching}
              scroll={{ x: 1200 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('apiClients.empty')} /> }}
              pagination={false}
            />
          )}
      </Card>
      <ApiClientDrawer
        client={editing}
        onClose={() => setEditing(undefined)}
        onCreated={(client) => {
          setEditing(undefined);
          setRevealed({ client, rotated: false });
        }}
        onSaved={(client) => {
          setEditing(undefined);
          void message.success(t('apiClients.saved', { name: client.name }));
        }}
      />
      <SecretReveal
        secret={shown?.client_secret ?? null}
        title={t(revealed?.rotated ? 'apiClients.rotatedTitle' : 'apiClients.createdTitle', { name: shown?.name ?? '' })}
        label={t('apiClients.secret')}
        onClose={() => setRevealed(null)}
      >
        {shown && examples && (
          <>
            {revealed?.rotated && <Alert type="info" showIcon message={t('apiClients.rotatedHelp')} />}
            <Typography.Paragraph style={{ margin: 0 }}>
              {t('apiClients.clientIdIs')} <Typography.Text code copyable>{shown.client_id}</Typography.Text>
              <br />
              {t('apiClients.tokenUrl')} <Typography.Text code copyable>{examples.tokenUrl}</Typography.Text>
            </Typography.Paragraph>
            <Snippet label={t('apiClients.curlExample')} code={examples.curl} />
            <Snippet label={t('apiClients.callExample')} code={examples.call} />
          </>
        )}
      </SecretReveal>
    </>
  );
}

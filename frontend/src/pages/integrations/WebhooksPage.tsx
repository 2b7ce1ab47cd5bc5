import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useApiClients, useDeleteWebhook, useUpdateWebhook, useWebhooks } from '../../api/integrationQueries';
import { useOrgUnit } from '../../api/queries';
import type { Webhook, WebhookCreated } from '../../api/types';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { problemText } from '../../components/problemText';
import { useT } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { WEBHOOK_VERIFY_NODE, WEBHOOK_VERIFY_PYTHON, webhookEventLabel } from '../../lib/integrations';
import { DeliveriesDrawer } from './DeliveriesDrawer';
import { SecretReveal, Snippet } from './SecretReveal';
import { WebhookDrawer } from './WebhookDrawer';

/** A webhook names its unit by id: the name comes from the unit (cached across rows). */
function UnitName({ id }: { id: number | null }) {
  const t = useT();
  if (id === null) return <>{t('webhooks.wholeCountry')}</>;
  return <KnownUnit id={id} />;
}

function KnownUnit({ id }: { id: number }) {
  const unit = useOrgUnit(id);
  return <>{unit.data?.name ?? `#${id}`}</>;
}

/** Admins subscribe the portal's URLs to events; each webhook's delivery log is one click away. */
export function WebhooksPage() {
  const t = useT();
  const { message } = App.useApp();
  const webhooks = useWebhooks();
  const clients = useApiClients();
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const [editing, setEditing] = useState<Webhook | null | undefined>(undefined);
  const [revealed, setRevealed] = useState<{ webhook: WebhookCreated; rotated: boolean } | null>(null);
  const [logOf, setLogOf] = useState<Webhook | null>(null);
  const clientNames = useMemo(() => new Map((clients.data ?? []).map((c) => [c.id, c.name])), [clients.data]);

  const toggle = async (webhook: Webhook) => {
    try {
      await update.mutateAsync({ id: webhook.id, body: { is_active: !webhook.is_active } });
      void message.success(t(webhook.is_active ? 'webhooks.pausedMessage' : 'webhooks.resumed', { name: webhook.name }));
    } catch (error) {
      void message.error(problemText(error, t));
    }
  };

  const rotate = async (webhook: Webhook) => {
    try {
      const result = await update.mutateAsync({ id: webhook.id, body: { rotate_secret: true } });
      if ('secret' in result) setRevealed({ webhook: result, rotated: true });
    } catch (error) {
      void message.error(problemText(error, t));
    }
  };

  const removeWebhook = async (webhook: Webhook) => {
    try {
      await remove.mutateAsync(webhook.id);
      if (logOf?.id === webhook.id) setLogOf(null);
      void message.success(t('webhooks.deleted', { name: webhook.name }));
    } catch (error) {
      void message.error(problemText(error, t));
    }
  };

  const columns: TableColumnsType<Webhook> = [
    { key: 'name', title: t('webhooks.name'), dataIndex: 'name', width: 200 },
    {
      key: 'url',
      title: t('webhooks.url'),
      render: (_, w) => <Typography.Text code ellipsis={{ tooltip: w.url }} style={{ maxWidth: 280 }}>{w.url}</Typography.Text>,
    },
    {
      key: 'events',
      title: t('webhooks.events'),
      render: (_, w) => w.events.map((event) => (
        <Tag key={event} bordered={false} color={event === '*' ? 'purple' : undefined} title={event} style={{ marginBottom: 2 }}>
          {webhookEventLabel(event, t)}
        </Tag>
      )),
    },
    { key: 'unit', title: t('webhooks.unit'), width: 180, render: (_, w) => <UnitName id={w.unit_id} /> },
    {
      key: 'client',
      title: t('webhooks.client'),
      width: 180,
      render: (_, w) => (w.client_id === null
        ? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        : clientNames.get(w.client_id) ?? `#${w.client_id}`),
    },
    {
      key: 'status',
      title: t('webhooks.status'),
      width: 130,
      render: (_, w) => (w.is_active ? <Tag color="green">{t('webhooks.active')}</Tag> : <Tag color="default">{t('webhooks.paused')}</Tag>),
    },
    { key: 'created', title: t('webhooks.createdAt'), width: 140, render: (_, w) => formatDateTime(w.created_at) },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      width: 340,
      render: (_, w) => (
        <Space size={0} wrap>
          <Button size="small" type="link" onClick={() => setLogOf(w)} aria-label={`${t('webhooks.deliveries')} ${w.name}`}>
            {t('webhooks.deliveries')}
          </Button>
          <Button size="small" type="link" onClick={() => setEditing(w)} aria-label={`${t('common.edit')} ${w.name}`}>{t('common.edit')}</Button>
          <Popconfirm
            title={t(w.is_active ? 'webhooks.pauseConfirm' : 'webhooks.resumeConfirm', { name: w.name })}
            okText={t(w.is_active ? 'webhooks.pause' : 'webhooks.resume')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: w.is_active }}
            onConfirm={() => toggle(w)}
          >
            <Button size="small" type="link" danger={w.is_active}>{t(w.is_active ? 'webhooks.pause' : 'webhooks.resume')}</Button>
          </Popconfirm>
          <Popconfirm
            title={t('webhooks.rotateConfirm', { name: w.name })}
            description={t('webhooks.rotateHelp')}
            okText={t('webhooks.rotate')}
            cancelText={t('common.cancel')}
            onConfirm={() => rotate(w)}
          >
            <Button size="small" type="link">{t('webhooks.rotate')}</Button>
          </Popconfirm>
          <Popconfirm
            title={t('webhooks.deleteConfirm', { name: w.name })}
            description={t('webhooks.deleteHelp')}
            okText={t('webhooks.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => removeWebhook(w)}
          >
            <Button size="small" type="link" danger aria-label={`${t('webhooks.delete')} ${w.name}`}>{t('webhooks.delete')}</Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('webhooks.title')}
        extra={<Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing(null)}>{t('webhooks.add')}</Button>}
      />
      <Alert type="info" showIcon message={t('webhooks.intro')} style={{ marginBottom: 16 }} />
      <Card>
        {webhooks.isError
          ? <QueryError error={webhooks.error} onRetry={() => void webhooks.refetch()} />
          : (
            <Table<Webhook>
              size="middle"
              rowKey="id"
              columns={columns}
              dataSource={webhooks.data ?? []}
              loading={webhooks.isFetching}
              scroll={{ x: 1300 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('webhooks.empty')} /> }}
              pagination={false}
            />
          )}
      </Card>
      <WebhookDrawer
        webhook={editing}
        onClose={() => setEditing(undefined)}
        onCreated={(webhook) => {
          setEditing(undefined);
          setRevealed({ webhook, rotated: false });
        }}
        onSaved={(webhook) => {
          setEditing(undefined);
          void message.success(t('webhooks.saved', { name: webhook.name }));
        }}
      />
      <DeliveriesDrawer webhook={logOf} onClose={() => setLogOf(null)} />
      <SecretReveal
        secret={revealed?.webhook.secret ?? null}
        title={t(revealed?.rotated ? 'webhooks.rotatedTitle' : 'webhooks.createdTitle', { name: revealed?.webhook.name ?? '' })}
        label={t('webhooks.secret')}
        onClose={() => setRevealed(null)}
      >
        <div>
          <Typography.Text strong>{t('webhooks.verifyTitle')}</Typography.Text>
          <Typography.Paragraph style={{ marginTop: 4, marginBottom: 0 }}>{t('webhooks.verifyText')}</Typography.Paragraph>
        </div>
        <Snippet label={t('webhooks.verifyPython')} code={WEBHOOK_VERIFY_PYTHON} />
        <Snippet label={t('webhooks.verifyNode')} code={WEBHOOK_VERIFY_NODE} />
      </SecretReveal>
    </>
  );
}

import { App, Button, Empty, Flex, Popconfirm, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useRedeliver, useWebhookDeliveries, type DeliveryFilters } from '../../api/integrationQueries';
import { DELIVERY_STATUSES, type Delivery, type DeliveryStatus, type Webhook } from '../../api/types';
import { Drawer } from '../../components/Drawer';
import { QueryError } from '../../components/QueryError';
import { problemText } from '../../components/problemText';
import { serverPagination } from '../../components/serverPagination';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { deliveryStatusColor, webhookEventLabel } from '../../lib/integrations';

const PAGE_SIZE = 20;
const FIRST_PAGE: DeliveryFilters = { status: undefined, page: 1, limit: PAGE_SIZE };

/** What was sent: the body, as the receiver got it. */
function Payload({ delivery }: { delivery: Delivery }) {
  const { t } = useI18n();
  return (
    <div>
      <Typography.Text strong>{t('deliveries.payload')}</Typography.Text>
      <pre style={{ margin: '4px 0 0', maxHeight: 320, overflow: 'auto', fontSize: 12, background: '#fafafa', padding: 8 }}>
        {JSON.stringify(delivery.payload, null, 2)}
      </pre>
    </div>
  );
}

/** A webhook's delivery log: each event sent, its attempts, the last answer; undelivered ones can be sent again. */
export function DeliveriesDrawer({ webhook, onClose }: { webhook: Webhook | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<DeliveryFilters>(FIRST_PAGE);
  const deliveries = useWebhookDeliveries(webhook?.id ?? null, filters);
  const redeliver = useRedeliver();

  useEffect(() => {
    setFilters(FIRST_PAGE);
  }, [webhook?.id]);

  const sendAgain = async (delivery: Delivery) => {
    if (!webhook) return;
    try {
      const result = await redeliver.mutateAsync({ webhookId: webhook.id, deliveryId: delivery.id });
      if (result.status === 'delivered') void message.success(t('deliveries.redelivered'));
      else void message.warning(t('deliveries.redeliverFailed', { error: result.last_error ? t(`deliveryError.${result.last_error}`) : t('deliveries.noAnswer') }));
    } catch (error) {
      void message.error(problemText(error, t));
    }
  };

  const columns: TableColumnsType<Delivery> = [
    { key: 'id', title: t('deliveries.id'), width: 80, render: (_, d) => <Typography.Text code>{d.id}</Typography.Text> },
    { key: 'event', title: t('deliveries.event'), width: 160, render: (_, d) => webhookEventLabel(d.event, t) },
    { key: 'created', title: t('deliveries.createdAt'), width: 140, render: (_, d) => formatDateTime(d.created_at) },
    { key: 'attempts', title: t('deliveries.attempts'), width: 90, align: 'right', dataIndex: 'attempts' },
    {
      key: 'status',
      title: t('deliveries.status'),
      width: 200,
      render: (_, d) => (
        <Flex vertical gap={2}>
          <span><Tag color={deliveryStatusColor(d.status)}>{t(`deliveryStatus.${d.status}`)}</Tag></span>
          {d.status === 'pending' && d.next_attempt_at && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('deliveries.nextAttempt', { at: formatDateTime(d.next_attempt_at) })}</Typography.Text>
          )}
          {d.status === 'given_up' && d.given_up_at && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('deliveries.givenUpAt', { at: formatDateTime(d.given_up_at) })}</Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'answer',
      title: t('deliveries.lastAnswer'),
      render: (_, d) => {
        if (d.attempts === 0) return t('common.none');
        const code = d.last_status === null ? t('deliveries.noAnswer') : `HTTP ${d.last_status}`;
        return (
          <Flex vertical gap={2}>
            <span>{code}</span>
            {d.last_error && <Typography.Text type="danger" style={{ fontSize: 12 }}>{t(`deliveryError.${d.last_error}`)}</Typography.Text>}
          </Flex>
        );
      },
    },
    { key: 'delivered', title: t('deliveries.deliveredAt'), width: 140, render: (_, d) => formatDateTime(d.delivered_at) },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 100,
      render: (_, d) => (d.status !== 'delivered' && (
        <Popconfirm
          title={t('deliveries.redeliverConfirm')}
          okText={t('deliveries.redeliver')}
          cancelText={t('common.cancel')}
          onConfirm={() => sendAgain(d)}
        >
          <Button size="small" type="link" loading={redeliver.isPending && redeliver.variables?.deliveryId === d.id}>
            {t('deliveries.redeliver')}
          </Button>
        </Popconfirm>
      )),
    },
  ];

  return (
    <Drawer
      open={webhook !== null}
      onClose={onClose}
      width={1100}
      title={webhook ? t('deliveries.title', { name: webhook.name }) : ''}
      destroyOnHidden
    >
      <Flex gap={12} style={{ marginBottom: 16 }} align="center" wrap>
        <Select<DeliveryStatus>
          aria-label={t('deliveries.statusFilter')}
          placeholder={t('deliveries.statusFilter')}
          allowClear
          style={{ width: 220 }}
          value={filters.status}
          onChange={(status) => setFilters((f) => ({ ...f, status, page: 1 }))}
          options={DELIVERY_STATUSES.map((status) => ({ value: status, label: t(`deliveryStatus.${status}`) }))}
        />
        <Button onClick={() => void deliveries.refetch()} loading={deliveries.isFetching}>{t('deliveries.refresh')}</Button>
        {webhook && <Typography.Text type="secondary" copyable={{ text: webhook.url }}>{webhook.url}</Typography.Text>}
      </Flex>
      {deliveries.isError
        ? <QueryError error={deliveries.error} onRetry={() => void deliveries.refetch()} />
        : (
          <Table<Delivery>
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={deliveries.data?.items ?? []}
            loading={deliveries.isFetching}
            expandable={{ expandedRowRender: (delivery) => <Payload delivery={delivery} /> }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deliveries.empty')} /> }}
            pagination={serverPagination(
              filters, deliveries.data?.pagination.total, (paging) => setFilters((f) => ({ ...f, ...paging })), t, locale,
            )}
          />
        )}
    </Drawer>
  );
}

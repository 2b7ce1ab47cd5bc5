import { Card, Empty, Flex, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useAuditEvents, type AuditFilters } from '../../api/queries';
import type { AuditEvent } from '../../api/types';
import { PageTitle } from '../../components/PageTitle';
import { serverPagination } from '../../components/serverPagination';
import { QueryError } from '../../components/QueryError';
import { hasMessage, useI18n, type Translate } from '../../i18n';
import { formatDateTime } from '../../lib/format';

const PAGE_SIZE = 20;

/** The kinds of entity the backend records events for today. */
const ENTITY_TYPES = [
  'user', 'org_unit', 'plan', 'assignment', 'submission', 'indicator', 'reporting_form', 'data_values', 'api_client', 'api_token', 'webhook',
] as const;

function entityLabel(type: string, t: Translate): string {
  const key = `audit.entity.${type}`;
  return hasMessage(key) ? t(key) : type;
}

function actionLabel(action: string, t: Translate): string {
  const key = `audit.action.${action}`;
  return hasMessage(key) ? t(key) : action;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The fields an event changed, before and after; a creation has only "after", a deletion only "before". */
function Changes({ event }: { event: AuditEvent }) {
  const { t } = useI18n();
  const before = event.before ?? {};
  const after = event.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((field) => show(before[field]) !== show(after[field]));
  if (fields.length === 0) return <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>;
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="field"
      style={{ maxWidth: 800 }}
      dataSource={fields.map((field) => ({ field, before: show(before[field]), after: show(after[field]) }))}
      columns={[
        { key: 'field', title: t('audit.field'), dataIndex: 'field', width: 180 },
        { key: 'before', title: t('audit.before'), dataIndex: 'before' },
        { key: 'after', title: t('audit.after'), dataIndex: 'after' },
      ]}
    />
  );
}

export function AuditPage() {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState<AuditFilters>({ entityType: undefined, page: 1, limit: PAGE_SIZE });
  const events = useAuditEvents(filters);

  const columns: TableColumnsType<AuditEvent> = [
    { key: 'at', title: t('audit.occurredAt'), width: 170, render: (_, e) => formatDateTime(e.occurred_at) },
    {
      key: 'actor',
      title: t('audit.actor'),
      width: 200,
      // An actor without an id is the system itself (the CLI, a migration), named by the server.
      render: (_, e) => (e.actor.id === null ? `${e.actor.username} (${t('audit.system')})` : e.actor.username),
    },
    { key: 'action', title: t('audit.action'), width: 150, render: (_, e) => actionLabel(e.action, t) },
    { key: 'entity', title: t('audit.entity'), render: (_, e) => `${entityLabel(e.entity_type, t)} #${e.entity_id}` },
  ];

  return (
    <>
      <PageTitle title={t('audit.title')} />
      <Card>
        <Flex gap={12} style={{ marginBottom: 16 }}>
          <Select<string>
            aria-label={t('audit.entityFilter')}
            placeholder={t('audit.entityFilter')}
            allowClear
            style={{ width: 240 }}
            value={filters.entityType}
            onChange={(entityType) => setFilters((f) => ({ ...f, entityType, page: 1 }))}
            options={ENTITY_TYPES.map((type) => ({ value: type, label: entityLabel(type, t) }))}
          />
        </Flex>
        {events.isError
          ? <QueryError error={events.error} onRetry={() => void events.refetch()} />
          : (
            <Table<AuditEvent>
              size="middle"
              rowKey="id"
              columns={columns}
              dataSource={events.data?.items ?? []}
              loading={events.isFetching}
              expandable={{ expandedRowRender: (event) => <Changes event={event} /> }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.empty')} /> }}
              pagination={serverPagination(
                filters, events.data?.pagination.total, (paging) => setFilters((f) => ({ ...f, ...paging })), t, locale,
              )}
            />
          )}
      </Card>
    </>
  );
}

import { Card, Empty, Flex, Input, InputNumber, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { usePlans, type PlanFilters } from '../../api/queries';
import { PLAN_STATUSES, type Plan, type PlanStatus } from '../../api/types';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { serverPagination } from '../../components/serverPagination';
import { useI18n } from '../../i18n';
import { formatDate } from '../../lib/format';

const STATUS_COLOR: Record<PlanStatus, string> = { draft: 'default', issued: 'blue', closed: 'green' };

export function PlansPage() {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState<PlanFilters>({ q: '', status: undefined, year: undefined, page: 1, limit: 20 });
  const plans = usePlans(filters);

  const columns: TableColumnsType<Plan> = [
    { key: 'symbol', title: t('plans.symbol'), width: 170, render: (_, p) => p.symbol },
    { key: 'title', title: t('plans.planTitle'), dataIndex: 'title' },
    { key: 'issuer', title: t('plans.issuer'), width: 220, render: (_, p) => p.issuer.name },
    { key: 'date', title: t('plans.issueDate'), width: 130, render: (_, p) => formatDate(p.issue_date) },
    { key: 'span', title: t('plans.span'), width: 200, render: (_, p) => `${formatDate(p.span_start)} – ${formatDate(p.span_end)}` },
    { key: 'status', title: t('plans.status'), width: 130, render: (_, p) => <Tag color={STATUS_COLOR[p.status]}>{t(`planStatus.${p.status}`)}</Tag> },
  ];

  return (
    <>
      <PageTitle title={t('plans.title')} />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            aria-label={t('plans.searchLabel')}
            placeholder={t('plans.searchPlaceholder')}
            allowClear
            style={{ width: 320 }}
            onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim(), page: 1 }))}
          />
          <Select<PlanStatus>
            aria-label={t('plans.statusFilter')}
            placeholder={t('plans.statusFilter')}
            allowClear
            style={{ width: 200 }}
            value={filters.status}
            onChange={(status) => setFilters((f) => ({ ...f, status, page: 1 }))}
            options={PLAN_STATUSES.map((status) => ({ value: status, label: t(`planStatus.${status}`) }))}
          />
          <InputNumber<number>
            aria-label={t('plans.yearFilter')}
            placeholder={t('plans.yearFilter')}
            min={1990}
            max={2100}
            style={{ width: 120 }}
            value={filters.year ?? null}
            onChange={(year) => setFilters((f) => ({ ...f, year: year ?? undefined, page: 1 }))}
          />
        </Flex>
        {plans.isError
          ? <QueryError error={plans.error} onRetry={() => void plans.refetch()} />
          : (
            <Table<Plan>
              rowKey="id"
              columns={columns}
              dataSource={plans.data?.items ?? []}
              loading={plans.isFetching}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plans.empty')} /> }}
              pagination={serverPagination(filters, plans.data?.pagination.total, (p) => setFilters((f) => ({ ...f, ...p })), t, locale)}
            />
          )}
      </Card>
    </>
  );
}

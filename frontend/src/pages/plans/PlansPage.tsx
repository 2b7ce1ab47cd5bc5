import { ImportOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Input, InputNumber, Select, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { usePlans, type PlanFilters } from '../../api/queries';
import { PLAN_STATUSES, type Plan, type PlanStatus } from '../../api/types';
import { useCurrentUser } from '../../app/CurrentUser';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { serverPagination } from '../../components/serverPagination';
import { PlanStatusTag } from '../../components/StatusTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useI18n } from '../../i18n';
import { formatDate } from '../../lib/format';

export function PlansPage() {
  const { t, locale } = useI18n();
  const { can } = useCurrentUser();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<PlanFilters>({ q: '', status: undefined, year: undefined, issuer_id: undefined, page: 1, limit: 20 });
  const plans = usePlans(filters);

  const columns: TableColumnsType<Plan> = [
    { key: 'symbol', title: t('plans.symbol'), width: 150, render: (_, p) => <Link to={`/plans/${p.id}`}>{p.number ? p.symbol : t('plans.noNumber')}</Link> },
    {
      key: 'title',
      title: t('plans.planTitle'),
      render: (_, p) => (
        <>
          <Link to={`/plans/${p.id}`} style={{ color: 'inherit' }}>{p.title}</Link>
          {p.parent_plan_id !== null && (
            <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <Link to={`/plans/${p.parent_plan_id}?tab=cascade`}>{t('plans.implementsParent')}</Link>
            </Typography.Text></div>
          )}
        </>
      ),
    },
    { key: 'issuer', title: t('plans.issuer'), width: 200, render: (_, p) => p.issuer.name },
    { key: 'date', title: t('plans.issueDate'), width: 120, render: (_, p) => formatDate(p.issue_date) },
    { key: 'span', title: t('plans.span'), width: 200, render: (_, p) => `${formatDate(p.span_start)} – ${formatDate(p.span_end)}` },
    {
      key: 'status',
      title: t('plans.status'),
      width: 130,
      render: (_, p) => (
        <>
          <PlanStatusTag status={p.status} />
          {p.revision > 1 && <Tooltip title={t('plans.revisionHelp')}><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('plans.revision', { n: p.revision })}</Typography.Text></Tooltip>}
        </>
      ),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('plans.title')}
        extra={can.canPlan && <Button type="primary" icon={<ImportOutlined aria-hidden />} onClick={() => void navigate('/plans/import')}>{t('plans.import')}</Button>}
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            aria-label={t('plans.searchLabel')}
            placeholder={t('plans.searchPlaceholder')}
            allowClear
            style={{ width: 300 }}
            onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim(), page: 1 }))}
          />
          <Select<PlanStatus>
            aria-label={t('plans.statusFilter')}
            placeholder={t('plans.statusFilter')}
            allowClear
            style={{ width: 180 }}
            value={filters.status}
            onChange={(status) => setFilters((f) => ({ ...f, status, page: 1 }))}
            options={PLAN_STATUSES.map((status) => ({ value: status, label: t(`planStatus.${status}`) }))}
          />
          <InputNumber<number>
            aria-label={t('plans.yearFilter')}
            placeholder={t('plans.yearFilter')}
            min={1990}
            max={2100}
            style={{ width: 110 }}
            value={filters.year ?? null}
            onChange={(year) => setFilters((f) => ({ ...f, year: year ?? undefined, page: 1 }))}
          />
          <UnitSelect
            aria-label={t('plans.issuerFilter')}
            placeholder={t('plans.issuerFilter')}
            style={{ width: 260 }}
            value={filters.issuer_id ?? null}
            onChange={(id) => setFilters((f) => ({ ...f, issuer_id: id ?? undefined, page: 1 }))}
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
              locale={{
                emptyText: (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plans.empty')}>
                    {can.canPlan && <Button onClick={() => void navigate('/plans/import')}>{t('plans.import')}</Button>}
                  </Empty>
                ),
              }}
              pagination={serverPagination(filters, plans.data?.pagination.total, (p) => setFilters((f) => ({ ...f, ...p })), t, locale)}
            />
          )}
      </Card>
    </>
  );
}

import { useQueries } from '@tanstack/react-query';
import { Card, Empty, Progress, Skeleton, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { unwrap } from '../../api/client';
import { client } from '../../api/index';
import { keys, usePlans, useTasks } from '../../api/queries';
import type { PlanDetail } from '../../api/types';
import { useCurrentUser } from '../../app/CurrentUser';
import { QueryError } from '../../components/QueryError';
import { SimpleTable, type SimpleColumn } from '../../components/SimpleTable';
import { useI18n } from '../../i18n';
import { formatNumber, formatPercent } from '../../lib/format';

const SHOWN = 8;

/**
 * The plans that concern the caller: those giving tasks to their unit and those their unit issued,
 * with completion of the assigned tasks (giao) and of the requested ones (đề nghị) kept apart.
 */
export function PlansCard() {
  const { t, locale } = useI18n();
  const { me } = useCurrentUser();
  const tasks = useTasks({ overdue: undefined, dueWithinDays: undefined, page: 1, limit: 200 });
  const issued = usePlans({ q: '', status: 'issued', year: undefined, issuer_id: me.unit?.id, page: 1, limit: SHOWN });
  const ids = [...new Set([...(tasks.data?.items ?? []).map((task) => task.plan.id), ...(issued.data?.items ?? []).map((plan) => plan.id)])].slice(0, SHOWN);
  const details = useQueries({
    queries: ids.map((id) => ({
      queryKey: keys.plan(id),
      queryFn: () => unwrap(client.GET('/api/v1/plans/{plan_id}', { params: { path: { plan_id: id } } })),
    })),
  });
  const plans = details.flatMap((d) => (d.data ? [d.data] : []));
  const loading = tasks.isPending || issued.isPending || details.some((d) => d.isPending);
  const error = tasks.error ?? issued.error;

  const bar = (value: number | null, label: string, color?: string) => (
    value === null
      ? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
      : <Progress percent={Math.round(value)} size="small" strokeColor={color} format={(v) => formatPercent(v ?? 0, locale, 0)} aria-label={label} />
  );
  const columns: SimpleColumn<PlanDetail>[] = [
    {
      key: 'plan',
      title: t('tasks.plan'),
      render: (plan) => (
        <>
          <Link to={`/plans/${plan.id}`}>{plan.number ? plan.symbol : t('plans.noNumber')}</Link>
          <div><Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: plan.title }}>{plan.title}</Typography.Text></div>
        </>
      ),
    },
    { key: 'assigned', title: t('plan.assignedCompletion'), width: 200, render: (plan) => bar(plan.completion, t('plan.assignedCompletion')) },
    { key: 'requested', title: t('plan.requestedCompletion'), width: 200, render: (plan) => bar(plan.requested_completion, t('plan.requestedCompletion'), '#722ed1') },
    {
      key: 'overdue',
      title: t('plan.overdueTasks'),
      width: 130,
      render: (plan) => (plan.overdue > 0
        ? <Link to={`/plans/${plan.id}?tab=assignees`}><Tag color="error">{formatNumber(plan.overdue, locale)}</Tag></Link>
        : t('common.none')),
    },
  ];

  return (
    <Card title={t('dashboard.plans')} extra={<Link to="/plans">{t('dashboard.allPlans')}</Link>}>
      {error ? <QueryError error={error} /> : loading ? <Skeleton active /> : (
        <SimpleTable<PlanDetail>
          caption={t('dashboard.plans')}
          rowKey={(plan) => plan.id}
          columns={columns}
          rows={plans}
          empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noPlans')} />}
        />
      )}
    </Card>
  );
}

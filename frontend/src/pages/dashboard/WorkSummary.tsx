import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useSubmissions, useTasks } from '../../api/queries';
import { useCurrentUser } from '../../app/CurrentUser';
import { useI18n } from '../../i18n';
import { formatNumber } from '../../lib/format';

function Figure({ to, title, value, loading, danger, hint }: { to: string; title: string; value: number | undefined; loading: boolean; danger?: boolean; hint: ReactNode }) {
  const { locale } = useI18n();
  return (
    <Col xs={24} sm={12} xl={6}>
      <Link to={to} aria-label={`${title}: ${value === undefined ? '—' : formatNumber(value, locale)}`} style={{ display: 'block' }}>
        <Card hoverable size="small">
          {loading ? <Skeleton active paragraph={false} /> : (
            <Statistic
              title={title}
              value={value ?? 0}
              formatter={(v) => formatNumber(Number(v), locale)}
              valueStyle={{ color: danger && (value ?? 0) > 0 ? '#cf1322' : undefined }}
            />
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{hint}</Typography.Text>
        </Card>
      </Link>
    </Col>
  );
}

/** The counts that ask for action today: tasks overdue or due soon, reports waiting for review or sent back. */
export function WorkSummary() {
  const { t } = useI18n();
  const { can } = useCurrentUser();
  const overdue = useTasks({ overdue: true, dueWithinDays: undefined, page: 1, limit: 1 });
  const soon = useTasks({ overdue: undefined, dueWithinDays: 30, page: 1, limit: 1 });
  const waiting = useSubmissions({ status: 'submitted', period: '', page: 1, limit: 1 });
  const returned = useSubmissions({ status: 'returned', period: '', page: 1, limit: 1 });
  return (
    <Row gutter={[16, 16]}>
      {can.hasUnit && (
        <>
          <Figure to="/tasks?view=overdue" title={t('dashboard.overdueTasks')} value={overdue.data?.pagination.total} loading={overdue.isPending} danger hint={t('dashboard.overdueHint')} />
          <Figure to="/tasks?view=soon" title={t('dashboard.dueSoon')} value={soon.data?.pagination.total} loading={soon.isPending} hint={t('dashboard.dueSoonHint')} />
        </>
      )}
      {can.canReview && (
        <Figure to="/review" title={t('dashboard.waitingReview')} value={waiting.data?.pagination.total} loading={waiting.isPending} hint={t('dashboard.waitingHint')} />
      )}
      {can.canReport && (
        <Figure to="/reports" title={t('dashboard.returned')} value={returned.data?.pagination.total} loading={returned.isPending} danger hint={t('dashboard.returnedHint')} />
      )}
    </Row>
  );
}

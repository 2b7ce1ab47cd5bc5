import { Card, Empty, Flex, Input, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useSubmissions, type SubmissionFilters } from '../../api/queries';
import { SUBMISSION_STATUSES, type SubmissionStatus, type SubmissionSummary } from '../../api/types';
import { useCurrentUser } from '../../app/CurrentUser';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { serverPagination } from '../../components/serverPagination';
import { SubmissionStatusTag, TimelinessTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { formatDate, formatDateTime, formatPeriod } from '../../lib/format';
import { CompileOpener } from './CompileOpener';
import { MissingReports } from './MissingReports';
import { ReportOpener } from './ReportOpener';

interface Props {
  /** What the list opens on: a reviewer starts from what waits for them. */
  initialStatus: SubmissionStatus | undefined;
  /** Where a row leads: the unit's own report, or its review. */
  base: '/reports' | '/review';
}

/** Reports the caller may see; the server scopes them (a reporter's own unit, a reviewer's subtree). */
function SubmissionsList({ initialStatus, base }: Props) {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState<SubmissionFilters>({ status: initialStatus, period: '', page: 1, limit: 20 });
  const submissions = useSubmissions(filters);

  const columns: TableColumnsType<SubmissionSummary> = [
    { key: 'form', title: t('submissions.form'), render: (_, s) => <Link to={`${base}/${s.id}`}>{s.form.name}</Link> },
    { key: 'period', title: t('submissions.period'), width: 190, render: (_, s) => formatPeriod(s.period, locale) },
    { key: 'unit', title: t('submissions.unit'), width: 220, render: (_, s) => s.unit.name },
    { key: 'status', title: t('submissions.status'), width: 140, render: (_, s) => <SubmissionStatusTag status={s.status} /> },
    { key: 'deadline', title: t('submissions.deadline'), width: 120, render: (_, s) => formatDate(s.deadline) },
    {
      key: 'submitted',
      title: t('submissions.submittedAt'),
      width: 210,
      render: (_, s) => <>{formatDateTime(s.submitted_at)} <TimelinessTag onTime={s.on_time} /></>,
    },
    {
      key: 'outliers',
      title: t('outlier.column'),
      width: 170,
      render: (_, s) => (s.outlier_count ? <Tag color="orange">{t('outlier.count', { count: s.outlier_count })}</Tag> : null),
    },
  ];

  return (
    <Card>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select<SubmissionStatus>
          aria-label={t('submissions.statusFilter')}
          placeholder={t('submissions.statusFilter')}
          allowClear
          style={{ width: 200 }}
          value={filters.status}
          onChange={(status) => setFilters((f) => ({ ...f, status, page: 1 }))}
          options={SUBMISSION_STATUSES.map((status) => ({ value: status, label: t(`submissionStatus.${status}`) }))}
        />
        <Input.Search
          aria-label={t('submissions.periodFilter')}
          placeholder={t('submissions.periodPlaceholder')}
          allowClear
          style={{ width: 240 }}
          onSearch={(period) => setFilters((f) => ({ ...f, period: period.trim(), page: 1 }))}
        />
      </Flex>
      {submissions.isError
        ? <QueryError error={submissions.error} onRetry={() => void submissions.refetch()} />
        : (
          <Table<SubmissionSummary>
            rowKey="id"
            columns={columns}
            dataSource={submissions.data?.items ?? []}
            loading={submissions.isFetching}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('submissions.empty')} /> }}
            pagination={serverPagination(filters, submissions.data?.pagination.total, (p) => setFilters((f) => ({ ...f, ...p })), t, locale)}
          />
        )}
    </Card>
  );
}

export function ReportsPage() {
  const { t } = useI18n();
  const { me, can } = useCurrentUser();
  return (
    <>
      <PageTitle title={t('submissions.reportsTitle')} />
      <Flex vertical gap={16}>
        {me.unit && can.canReport && <ReportOpener unit={me.unit} />}
        {me.unit && can.canCompile && <CompileOpener unit={me.unit} />}
        <SubmissionsList initialStatus={undefined} base="/reports" />
      </Flex>
    </>
  );
}

export function ReviewPage() {
  const { t } = useI18n();
  const { can } = useCurrentUser();
  return (
    <>
      <PageTitle title={t('submissions.reviewTitle')} />
      <Flex vertical gap={16}>
        {can.canReview && <MissingReports />}
        <SubmissionsList initialStatus="submitted" base="/review" />
      </Flex>
    </>
  );
}

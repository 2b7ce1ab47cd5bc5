import { Card, Empty, Flex, Input, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useSubmissions, type SubmissionFilters } from '../../api/queries';
import { SUBMISSION_STATUSES, type SubmissionStatus, type SubmissionSummary } from '../../api/types';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { serverPagination } from '../../components/serverPagination';
import { useI18n } from '../../i18n';
import { formatDate, formatDateTime, formatPeriod } from '../../lib/format';

const STATUS_COLOR: Record<SubmissionStatus, string> = {
  draft: 'default', submitted: 'processing', returned: 'warning', approved: 'success',
};

interface Props {
  title: string;
  /** What the list opens on: a reviewer starts from what waits for them. */
  initialStatus: SubmissionStatus | undefined;
}

/** Reports the caller may see; the server scopes them (a reporter's own unit, a reviewer's subtree). */
function SubmissionsList({ title, initialStatus }: Props) {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState<SubmissionFilters>({ status: initialStatus, period: '', page: 1, limit: 20 });
  const submissions = useSubmissions(filters);

  const columns: TableColumnsType<SubmissionSummary> = [
    { key: 'form', title: t('submissions.form'), render: (_, s) => s.form.name },
    { key: 'period', title: t('submissions.period'), width: 190, render: (_, s) => formatPeriod(s.period, locale) },
    { key: 'unit', title: t('submissions.unit'), width: 220, render: (_, s) => s.unit.name },
    {
      key: 'status',
      title: t('submissions.status'),
      width: 140,
      render: (_, s) => <Tag color={STATUS_COLOR[s.status]}>{t(`submissionStatus.${s.status}`)}</Tag>,
    },
    { key: 'deadline', title: t('submissions.deadline'), width: 120, render: (_, s) => formatDate(s.deadline) },
    {
      key: 'submitted',
      title: t('submissions.submittedAt'),
      width: 200,
      render: (_, s) => (
        <>
          {formatDateTime(s.submitted_at)}{' '}
          {s.on_time === false && <Tag color="error">{t('submissions.late')}</Tag>}
        </>
      ),
    },
  ];

  return (
    <>
      <PageTitle title={title} />
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
    </>
  );
}

export function ReportsPage() {
  const { t } = useI18n();
  return <SubmissionsList title={t('submissions.reportsTitle')} initialStatus={undefined} />;
}

export function ReviewPage() {
  const { t } = useI18n();
  return <SubmissionsList title={t('submissions.reviewTitle')} initialStatus="submitted" />;
}

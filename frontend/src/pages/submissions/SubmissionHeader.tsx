import { Alert, Descriptions, Flex, Typography } from 'antd';
import type { ReportingForm, Submission } from '../../api/types';
import { SubmissionStatusTag, TimelinessTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { formatDate, formatDateTime, formatPeriod } from '../../lib/format';

/** Who reports what for when, where it stands, and the reviewer's word when it came back. */
export function SubmissionHeader({ submission, form }: { submission: Submission; form: ReportingForm | undefined }) {
  const { t, locale } = useI18n();
  const deadline = submission.deadline ?? form?.schedule?.deadline ?? null;
  const overdueDraft = submission.submitted_at === null && deadline !== null && deadline < new Date().toISOString().slice(0, 10);
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        {locale === 'en' && form?.name_en ? form.name_en : submission.form.name}
      </Typography.Title>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          { key: 'unit', label: t('submissions.unit'), children: submission.unit.name },
          { key: 'period', label: t('submissions.period'), children: formatPeriod(submission.period, locale) },
          { key: 'status', label: t('submissions.status'), children: <SubmissionStatusTag status={submission.status} /> },
          {
            key: 'deadline',
            label: t('submissions.deadline'),
            children: (
              <Flex gap={6} align="center">
                {formatDate(deadline)}
                {overdueDraft && <Typography.Text type="danger">{t('report.pastDeadline')}</Typography.Text>}
              </Flex>
            ),
          },
          {
            key: 'submitted',
            label: t('submissions.submittedAt'),
            children: (
              <Flex gap={6} align="center">
                {formatDateTime(submission.submitted_at)}
                <TimelinessTag onTime={submission.on_time} />
              </Flex>
            ),
          },
          { key: 'version', label: t('report.version'), children: submission.version },
        ]}
      />
      {submission.status === 'returned' && submission.review_comment && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          message={t('report.returnedBy', { who: submission.returned_by ?? '—', at: formatDateTime(submission.returned_at) })}
          description={submission.review_comment}
        />
      )}
      {submission.status === 'approved' && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          message={t('report.approvedBy', { who: submission.approved_by ?? '—', at: formatDateTime(submission.approved_at) })}
        />
      )}
    </>
  );
}

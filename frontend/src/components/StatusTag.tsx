import { Tag } from 'antd';
import type { PlanStatus, ProgressStatus, SubmissionStatus } from '../api/types';
import { useT } from '../i18n';

const PLAN_COLOR: Record<PlanStatus, string> = { draft: 'default', issued: 'blue', closed: 'green' };
const SUBMISSION_COLOR: Record<SubmissionStatus, string> = {
  draft: 'default', submitted: 'processing', returned: 'warning', approved: 'success',
};
const PROGRESS_COLOR: Record<ProgressStatus, string> = {
  not_started: 'default', in_progress: 'processing', completed: 'success', not_applicable: 'default',
};

export function PlanStatusTag({ status }: { status: PlanStatus }) {
  const t = useT();
  return <Tag color={PLAN_COLOR[status]}>{t(`planStatus.${status}`)}</Tag>;
}

export function SubmissionStatusTag({ status }: { status: SubmissionStatus }) {
  const t = useT();
  return <Tag color={SUBMISSION_COLOR[status]}>{t(`submissionStatus.${status}`)}</Tag>;
}

export function ProgressStatusTag({ status }: { status: ProgressStatus }) {
  const t = useT();
  return <Tag color={PROGRESS_COLOR[status]}>{t(`progressStatus.${status}`)}</Tag>;
}

/** On time or late, for a report already sent; nothing while it is not. */
export function TimelinessTag({ onTime }: { onTime: boolean | null }) {
  const t = useT();
  if (onTime === null) return null;
  return onTime ? <Tag color="success">{t('submissions.onTime')}</Tag> : <Tag color="error">{t('submissions.late')}</Tag>;
}

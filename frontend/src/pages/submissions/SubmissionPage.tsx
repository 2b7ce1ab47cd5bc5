import { Breadcrumb, Card, Col, Flex, Row, Skeleton } from 'antd';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { useCompilation, usePeerSubmission, useReportingForm, useSubmission } from '../../api/reportQueries';
import type { Compilation, ReportingForm, Submission } from '../../api/types';
import { useCurrentUser } from '../../app/CurrentUser';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { draftsFromFigures } from '../../lib/figures';
import { formatPeriod } from '../../lib/format';
import { outlierNotes } from '../../lib/outliers';
import { previousPeriod } from '../../lib/periods';
import { NotFoundPage } from '../NotFoundPage';
import { CompiledCards, materialBeside } from './CompiledMaterial';
import { DocumentCard } from './DocumentCard';
import { FiguresGrid } from './FiguresGrid';
import { OutlierChecks } from './OutlierChecks';
import { ReportEditor } from './ReportEditor';
import { History, Narrative, TaskProgressTable } from './ReportSections';
import { ReviewActions } from './ReviewActions';
import { SubmissionHeader } from './SubmissionHeader';

type Mode = 'report' | 'review';

/** One report: filled in by its unit (/reports/:id) or reviewed from above (/review/:id). */
export function SubmissionPage({ mode }: { mode: Mode }) {
  const { id } = useParams();
  if (!id || !/^\d+$/.test(id)) return <NotFoundPage />;
  return <SubmissionOf key={id} id={Number(id)} mode={mode} />;
}

export function ReportPage() {
  return <SubmissionPage mode="report" />;
}

export function ReviewDetailPage() {
  return <SubmissionPage mode="review" />;
}

function SubmissionOf({ id, mode }: { id: number; mode: Mode }) {
  const { t, locale } = useI18n();
  const { me, can } = useCurrentUser();
  const submission = useSubmission(id);
  const compilation = useCompilation(id);
  const s = submission.data;
  const form = useReportingForm(s?.form.id, s?.period ?? '', s?.unit.id);
  const listTitle = mode === 'report' ? t('submissions.reportsTitle') : t('submissions.reviewTitle');
  const title = s ? `${s.unit.name} · ${formatPeriod(s.period, locale)}` : listTitle;

  const crumbs = (
    <Breadcrumb
      style={{ marginBottom: 8 }}
      items={[{ key: 'list', title: <Link to={mode === 'report' ? '/reports' : '/review'}>{listTitle}</Link> }, { key: 'this', title }]}
    />
  );

  if (submission.isPending || compilation.isPending) return <Card><Skeleton active /></Card>;
  if (submission.isError || compilation.isError) {
    const failed = submission.isError ? submission : compilation;
    return (
      <>
        {crumbs}
        <Card>
          <QueryError error={failed.error} onRetry={() => void failed.refetch()} notFoundText={t('report.notFound')} />
        </Card>
      </>
    );
  }
  const compiled = compilation.data;
  // A compiled report is written by its unit's planners and reviewers too (the server checks again).
  const writer = can.canReport || (compiled !== null && can.canCompile);
  const editable = mode === 'report' && writer && (s?.status === 'draft' || s?.status === 'returned');

  return (
    <>
      {crumbs}
      <PageTitle title={title} extra={mode === 'review' && can.canReview && submission.data ? <ReviewActions submission={submission.data} /> : undefined} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={17}>
          <Flex vertical gap={16}>
            <Card><SubmissionHeader submission={submission.data} form={form.data} /></Card>
            {form.isPending && <Card><Skeleton active /></Card>}
            {form.isError && <Card><QueryError error={form.error} onRetry={() => void form.refetch()} /></Card>}
            {form.data && (editable
              ? <ReportEditor key={submission.data.id} submission={submission.data} form={form.data} userId={me.id} compilation={compiled} />
              : <ReportView submission={submission.data} form={form.data} compare={mode === 'review'} compilation={compiled} reviewing={mode === 'review' && can.canReview} />)}
          </Flex>
        </Col>
        <Col xs={24} xl={7}>
          <Flex vertical gap={16}>
            <DocumentCard submission={submission.data} editable={editable} canPublish={can.canReview} canSign={can.canReport || can.canReview} />
            <Card title={t('report.history')} size="small">
              <History entries={submission.data.history} />
            </Card>
          </Flex>
        </Col>
      </Row>
    </>
  );
}

/** A report read, not edited; with `compare`, next to the same unit's report of the period before. */
function ReportView({ submission, form, compare, compilation, reviewing }: {
  submission: Submission;
  form: ReportingForm;
  compare: boolean;
  compilation: Compilation | null;
  reviewing: boolean;
}) {
  const { t, locale } = useI18n();
  const before = compare ? previousPeriod(submission.period) : null;
  const peer = usePeerSubmission(compare ? submission : undefined, before);
  const drafts = useMemo(() => draftsFromFigures(submission.data_values, locale), [submission.data_values, locale]);
  const peerDrafts = useMemo(() => (peer.data ? draftsFromFigures(peer.data.data_values, locale) : {}), [peer.data, locale]);
  const flags = useMemo(() => outlierNotes(submission.outliers, t, locale), [submission.outliers, t, locale]);
  const compareTitle = before ? t('review.previous', { period: formatPeriod(before, locale) }) : '';

  return (
    <>
      {compilation ? <CompiledCards compilation={compilation} /> : (
        <Card title={t('report.figures')} size="small" extra={compare && before && (
          <span role="status">{peer.isPending ? t('app.loading') : peer.data ? t('review.previousFound', { period: formatPeriod(before, locale) }) : t('review.previousNone', { period: formatPeriod(before, locale) })}</span>
        )}>
          <FiguresGrid
            indicators={form.indicators}
            drafts={drafts}
            compare={compare && before ? { title: compareTitle, drafts: peerDrafts } : undefined}
            flags={flags}
          />
        </Card>
      )}
      {reviewing && submission.outliers.length > 0 && (
        <Card title={t('outlier.title')} size="small">
          <OutlierChecks submission={submission} />
        </Card>
      )}
      <Card title={t('report.taskProgress')} size="small">
        <TaskProgressTable rows={submission.task_progress} />
      </Card>
      <Card title={t('report.narrative')} size="small">
        <Narrative
          sections={form.narrative}
          values={submission.narrative}
          compare={peer.data ? { title: compareTitle, values: peer.data.narrative } : undefined}
          aside={materialBeside(compilation)}
        />
      </Card>
    </>
  );
}

import { SaveOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Popconfirm, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ApiProblem, fieldPathOf } from '../../api/problem';
import { useSaveSubmission, useSubmission, useSubmissionAction } from '../../api/reportQueries';
import type { Compilation, ReportingForm, Submission } from '../../api/types';
import { problemText } from '../../components/problemText';
import { useI18n } from '../../i18n';
import { changedCells, checkReport, draftsFromFigures, toFiguresIn, type Drafts, type FigureDraft } from '../../lib/figures';
import { formatDateTime } from '../../lib/format';
import { draftStore } from '../../lib/localDraft';
import { CompiledCards, materialBeside, RefreshCompilation } from './CompiledMaterial';
import { FiguresGrid } from './FiguresGrid';
import { Narrative, TaskProgressTable } from './ReportSections';

interface Props {
  submission: Submission;
  form: ReportingForm;
  userId: number;
  /** A compiled report's material: shown instead of the grid, its figures never sent. */
  compilation: Compilation | null;
}

interface Conflict {
  /** The version the server has now, when it said so. */
  serverVersion: number | null;
  /** Whether the user has loaded that version (their edits stay on top of it). */
  loaded: boolean;
}

function sameNarrative(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => (a[key] ?? '').trim() === (b[key] ?? '').trim());
}

/**
 * Fills a report. Every keystroke is kept in localStorage with the server version it started
 * from, so a reload restores it; a save against a version someone else replaced (409) keeps the
 * edits on screen, lets the user load the server's version under them and marks where they differ.
 */
export function ReportEditor({ submission, form, userId, compilation }: Props) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const save = useSaveSubmission(submission.id);
  const act = useSubmissionAction(submission.id);
  const fresh = useSubmission(submission.id);

  const [stored] = useState(() => draftStore.load(userId, submission.id));
  const [drafts, setDrafts] = useState<Drafts>(() => stored?.figures ?? draftsFromFigures(submission.data_values, locale));
  const [narrative, setNarrative] = useState<Record<string, string>>(() => stored?.narrative ?? submission.narrative);
  const [baseVersion, setBaseVersion] = useState(() => stored?.version ?? submission.version);
  const [restoredAt, setRestoredAt] = useState<number | null>(() => stored?.savedAt ?? null);
  const [conflict, setConflict] = useState<Conflict | null>(() => (
    stored && stored.version !== submission.version ? { serverVersion: submission.version, loaded: false } : null
  ));
  const [serverProblems, setServerProblems] = useState<ReadonlyMap<string, string>>(new Map());
  const [formError, setFormError] = useState<string | null>(null);
  const [showRequired, setShowRequired] = useState(false);

  // A compiled report's figures are the material's (the server refuses any): nothing to check or send.
  const indicators = compilation ? [] : form.indicators;
  const rules = compilation ? [] : form.rules;

  const serverDrafts = useMemo(() => draftsFromFigures(submission.data_values, locale), [submission.data_values, locale]);
  const dirty = changedCells(drafts, serverDrafts, locale).length > 0 || !sameNarrative(narrative, submission.narrative);
  const check = checkReport(indicators, rules, drafts, locale, showRequired);

  const problems = new Map<string, string>(serverProblems);
  for (const [key, { problem, params }] of check.cells) problems.set(key, t(problem, params));

  // After loading the server's version under a conflict: where it disagrees with the user's edits.
  const theirs = useMemo(() => {
    if (!conflict?.loaded) return undefined;
    return new Map(changedCells(drafts, serverDrafts, locale).map((key) => [key, serverDrafts[key] ?? {}] as const));
  }, [conflict, drafts, serverDrafts, locale]);

  const keep = (next: { figures?: Drafts; narrative?: Record<string, string>; version?: number }) => {
    draftStore.save(userId, submission.id, {
      version: next.version ?? baseVersion,
      savedAt: Date.now(),
      figures: next.figures ?? drafts,
      narrative: next.narrative ?? narrative,
    });
  };

  const changeFigure = (key: string, draft: FigureDraft) => {
    const next = { ...drafts, [key]: draft };
    setDrafts(next);
    if (serverProblems.has(key)) setServerProblems((current) => new Map([...current].filter(([k]) => k !== key)));
    keep({ figures: next });
  };

  const changeNarrative = (key: string, text: string) => {
    const next = { ...narrative, [key]: text };
    setNarrative(next);
    keep({ narrative: next });
  };

  const settled = (saved: Submission) => {
    draftStore.clear(userId, submission.id);
    setDrafts(draftsFromFigures(saved.data_values, locale));
    setNarrative(saved.narrative);
    setBaseVersion(saved.version);
    setConflict(null);
    setRestoredAt(null);
    setServerProblems(new Map());
  };

  const showProblem = (error: unknown) => {
    if (error instanceof ApiProblem && error.code === 'stale_version') {
      const current = error.body.current_version;
      setConflict({ serverVersion: typeof current === 'number' ? current : null, loaded: false });
      return;
    }
    if (error instanceof ApiProblem && error.errors.length > 0) {
      const byCell = new Map<string, string>();
      const other: string[] = [];
      for (const fieldError of error.errors) {
        const [where, code] = fieldPathOf(fieldError.loc);
        const indicator = where === 'data_values' ? form.indicators.find((i) => i.code === code) : undefined;
        if (indicator) {
          const key = indicator.categories.length > 0 ? `${indicator.code}::${indicator.categories[0]?.code}` : indicator.code;
          byCell.set(key, fieldError.type === 'missing' ? t('figures.required') : fieldError.msg);
        } else {
          other.push(fieldError.msg);
        }
      }
      setServerProblems(byCell);
      setFormError(other.length > 0 ? other.join(' ') : t('report.fixCells', { count: byCell.size }));
      return;
    }
    setFormError(problemText(error, t));
  };

  /** Saves the edits; returns the saved report, or null when it could not. */
  const store = async (): Promise<Submission | null> => {
    setFormError(null);
    const problemsNow = checkReport(indicators, rules, drafts, locale, false);
    if (problemsNow.cells.size > 0) {
      setFormError(t('report.fixCells', { count: problemsNow.cells.size }));
      return null;
    }
    try {
      const saved = await save.mutateAsync({
        version: baseVersion,
        data_values: toFiguresIn(indicators, drafts, locale),
        narrative,
      });
      settled(saved);
      return saved;
    } catch (error) {
      showProblem(error);
      return null;
    }
  };

  const saveDraft = async () => {
    if (await store()) void message.success(t('report.saved'));
  };

  const submit = async () => {
    setShowRequired(true);
    const full = checkReport(indicators, rules, drafts, locale, true);
    if (full.cells.size > 0 || full.rules.length > 0) {
      setFormError(full.rules.length > 0 ? full.rules.map((r) => r.message).join(' ') : t('report.fixCells', { count: full.cells.size }));
      return;
    }
    const saved = dirty || baseVersion !== submission.version ? await store() : submission;
    if (!saved) return;
    try {
      settled(await act.mutateAsync({ action: 'submit', version: saved.version }));
      void message.success(t('report.submitted'));
    } catch (error) {
      showProblem(error);
    }
  };

  const loadServer = async () => {
    const result = await fresh.refetch();
    if (result.data) {
      setBaseVersion(result.data.version);
      setConflict({ serverVersion: result.data.version, loaded: true });
      keep({ version: result.data.version });
    }
  };

  const discardLocal = () => {
    draftStore.clear(userId, submission.id);
    setDrafts(serverDrafts);
    setNarrative(submission.narrative);
    setBaseVersion(submission.version);
    setConflict(null);
    setRestoredAt(null);
    setServerProblems(new Map());
  };

  const busy = save.isPending || act.isPending;

  return (
    <Flex vertical gap={16}>
      {restoredAt !== null && !conflict && (
        <Alert
          type="info"
          showIcon
          message={t('report.restored', { at: formatDateTime(new Date(restoredAt)) })}
          action={<Button size="small" onClick={discardLocal}>{t('report.discardLocal')}</Button>}
        />
      )}
      {conflict && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          message={conflict.loaded ? t('report.conflictLoaded', { version: conflict.serverVersion ?? '—' }) : t('report.conflict', { version: conflict.serverVersion ?? '—' })}
          description={conflict.loaded ? t('report.conflictLoadedHelp') : t('report.conflictHelp')}
          action={(
            <Flex vertical gap={6}>
              {!conflict.loaded && <Button size="small" type="primary" loading={fresh.isFetching} onClick={() => void loadServer()}>{t('report.loadServer')}</Button>}
              <Button size="small" onClick={discardLocal}>{t('report.discardMine')}</Button>
            </Flex>
          )}
        />
      )}
      {compilation ? <CompiledCards compilation={compilation} refresh={<RefreshCompilation submission={submission} />} /> : (
        <Card title={t('report.figures')} size="small">
          <FiguresGrid indicators={form.indicators} drafts={drafts} onChange={changeFigure} problems={problems} theirs={theirs} />
          {check.rules.length > 0 && (
            <Alert type="error" showIcon style={{ marginTop: 12 }} message={check.rules.map((rule) => rule.message).join(' ')} />
          )}
        </Card>
      )}
      <Card title={t('report.taskProgress')} size="small">
        <TaskProgressTable rows={submission.task_progress} />
      </Card>
      <Card title={t('report.narrative')} size="small">
        <Narrative
          sections={form.narrative}
          values={narrative}
          onChange={changeNarrative}
          aside={materialBeside(compilation)}
        />
      </Card>
      <Card size="small" style={{ position: 'sticky', bottom: 0, zIndex: 2 }}>
        {formError && <Alert type="error" showIcon role="alert" message={t('error.formHasErrors')} description={formError} style={{ marginBottom: 12 }} />}
        <Flex gap={12} align="center" wrap>
          <Button icon={<SaveOutlined aria-hidden />} loading={save.isPending && !act.isPending} disabled={busy} onClick={() => void saveDraft()}>
            {t('report.saveDraft')}
          </Button>
          <Popconfirm title={t('report.submitConfirm')} okText={t('report.submit')} cancelText={t('common.cancel')} onConfirm={() => void submit()}>
            <Button type="primary" icon={<SendOutlined aria-hidden />} loading={act.isPending} disabled={busy}>{t('report.submit')}</Button>
          </Popconfirm>
          <Typography.Text type="secondary" role="status">
            {dirty ? t('report.unsaved') : t('report.allSaved', { at: formatDateTime(submission.updated_at) })}
          </Typography.Text>
        </Flex>
      </Card>
    </Flex>
  );
}

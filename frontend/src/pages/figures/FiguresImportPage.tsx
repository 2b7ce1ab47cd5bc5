import { CloudUploadOutlined, DownloadOutlined, EyeOutlined, FileExcelOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Descriptions, Empty, Flex, Form, Select, Skeleton, Table, Typography, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { fetchTemplate, useImportWorkbook } from '../../api/figureQueries';
import { ApiProblem } from '../../api/problem';
import { useOrgUnit, useUnitSearch } from '../../api/queries';
import { useReportingForms } from '../../api/reportQueries';
import type { OrgUnitRef, ReportingForm } from '../../api/types';
import { useCurrentUser } from '../../app/CurrentUser';
import { PageTitle } from '../../components/PageTitle';
import { problemText } from '../../components/problemText';
import { QueryError } from '../../components/QueryError';
import { useDebounced } from '../../components/useDebounced';
import { useI18n, type Translate } from '../../i18n';
import { download } from '../../lib/exportTable';
import { conflictRows, XLSX, type ConflictRow, type ImportSummary } from '../../lib/figuresImport';
import { formatNumber, formatPeriod } from '../../lib/format';
import { periodTypeOf, recentPeriods, type ApiPeriodType } from '../../lib/periods';
import { formsFor } from '../submissions/ReportOpener';

interface UnitChoice {
  value: string;
  label: string;
}

/**
 * The Excel round trip of figures: download the template of a form, unit(s) and period, fill it in
 * Excel, upload it: a dry run first lists every cell that cannot be taken, then "Nhập" imports.
 */
export function FiguresImportPage() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t('figuresImport.title')} />
      <Flex vertical gap={16}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('figuresImport.help')}</Typography.Paragraph>
        <TemplateCard />
        <UploadCard />
      </Flex>
    </>
  );
}

function TemplateCard() {
  const { me } = useCurrentUser();
  const forms = useReportingForms();
  if (forms.isError) return <Card><QueryError error={forms.error} onRetry={() => void forms.refetch()} /></Card>;
  if (forms.isPending) return <Card><Skeleton active paragraph={{ rows: 2 }} /></Card>;
  // A user of a unit writes that unit's figures only; a country-wide admin picks the units.
  return me.unit ? <OwnUnitTemplate unit={me.unit} forms={forms.data.items} /> : <TemplateForm forms={forms.data.items} units={null} />;
}

function OwnUnitTemplate({ unit, forms }: { unit: OrgUnitRef; forms: ReportingForm[] }) {
  const detail = useOrgUnit(unit.id);
  if (detail.isPending) return <Card><Skeleton active paragraph={{ rows: 2 }} /></Card>;
  const mine = detail.data ? formsFor(forms, detail.data) : forms;
  return <TemplateForm forms={mine} units={[{ value: unit.code, label: unit.name }]} />;
}

/** Form, units and period of the template; `units` null: the caller chooses them. */
function TemplateForm({ forms, units }: { forms: ReportingForm[]; units: UnitChoice[] | null }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [formId, setFormId] = useState<number | undefined>(undefined);
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const [chosenUnits, setChosenUnits] = useState<UnitChoice[]>([]);
  const [busy, setBusy] = useState(false);
  const form = forms.find((f) => f.id === formId) ?? forms[0];
  const periods = form ? recentPeriods(form.period_type as ApiPeriodType, new Date(), 8) : [];
  const chosenPeriod = period && form && periodTypeOf(period) === form.period_type ? period : periods[0];
  const targets = units ?? chosenUnits;

  if (!form) return <Card><Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.noForms')} /></Card>;

  const save = async () => {
    if (!chosenPeriod || targets.length === 0) return;
    setBusy(true);
    try {
      const { blob, fileName } = await fetchTemplate({ form: form.code, org_unit: targets.map((u) => u.value), period: chosenPeriod });
      download(blob, fileName);
    } catch (error) {
      void message.error(problemText(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('figuresImport.templateTitle')} size="small">
      <Form layout="vertical" onFinish={() => void save()}>
        <Flex gap={16} wrap align="end">
          <Form.Item label={t('submissions.form')} htmlFor="template-form" style={{ marginBottom: 0 }}>
            <Select<number>
              id="template-form"
              style={{ width: 420, maxWidth: '80vw' }}
              value={form.id}
              onChange={(id) => { setFormId(id); setPeriod(undefined); }}
              options={forms.map((f) => ({ value: f.id, label: locale === 'en' && f.name_en ? f.name_en : f.name }))}
            />
          </Form.Item>
          <Form.Item label={t('submissions.unit')} htmlFor="template-units" style={{ marginBottom: 0 }}>
            {units
              ? <Typography.Text id="template-units" strong>{units.map((u) => u.label).join(', ')}</Typography.Text>
              : <UnitsPicker id="template-units" value={chosenUnits} onChange={setChosenUnits} />}
          </Form.Item>
          <Form.Item label={t('submissions.period')} htmlFor="template-period" style={{ marginBottom: 0 }}>
            <Select<string>
              id="template-period"
              style={{ width: 200 }}
              value={chosenPeriod}
              onChange={setPeriod}
              options={periods.map((id) => ({ value: id, label: formatPeriod(id, locale) }))}
            />
          </Form.Item>
          <Form.Item style={{ marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" icon={<DownloadOutlined aria-hidden />} loading={busy} disabled={targets.length === 0}>
              {t('figuresImport.download')}
            </Button>
          </Form.Item>
        </Flex>
      </Form>
    </Card>
  );
}

/** Several units by name (the server matches with or without diacritics); they travel by code. */
function UnitsPicker({ id, value, onChange }: { id: string; value: UnitChoice[]; onChange: (units: UnitChoice[]) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const search = useUnitSearch(q, 1, 20);
  return (
    <Select<UnitChoice[]>
      id={id}
      mode="multiple"
      labelInValue
      showSearch
      filterOption={false}
      onSearch={setText}
      value={value}
      onChange={(next) => onChange(next.map((u) => ({ value: String(u.value), label: String(u.label) })))}
      placeholder={t('figuresImport.unitsPlaceholder')}
      loading={search.isFetching}
      options={(search.data?.items ?? []).map((unit) => ({ value: unit.code, label: unit.name }))}
      notFoundContent={null}
      style={{ minWidth: 320, maxWidth: '80vw' }}
    />
  );
}

function UploadCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const run = useImportWorkbook();
  const [file, setFile] = useState<File | null>(null);
  const [submit, setSubmit] = useState(false);
  // The dry run of the file and options as they are now; "Nhập" needs one.
  const [preview, setPreview] = useState<ImportSummary | null>(null);
  const [result, setResult] = useState<ImportSummary | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const reset = () => {
    setPreview(null);
    setResult(null);
    setProblem(null);
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setProblem(null);
    try {
      const summary = await run.mutateAsync({ file, dryRun, submit });
      setPreview(dryRun ? summary : null);
      setResult(dryRun ? null : summary);
      if (!dryRun) void message.success(t('figuresImport.imported'));
    } catch (error) {
      setProblem(problemLines(error, t));
    }
  };

  const shown = result ?? preview;
  return (
    <Card title={t('figuresImport.uploadTitle')} size="small">
      <Flex vertical gap={12} align="start">
        <Upload
          accept={`.xlsx,${XLSX}`}
          maxCount={1}
          fileList={file ? [{ uid: 'workbook', name: file.name, status: 'done' }] : []}
          beforeUpload={(chosen) => {
            setFile(chosen);
            reset();
            return false;
          }}
          onRemove={() => {
            setFile(null);
            reset();
          }}
        >
          <Button icon={<FileExcelOutlined aria-hidden />}>{t('figuresImport.choose')}</Button>
        </Upload>
        <Checkbox checked={submit} onChange={(e) => { setSubmit(e.target.checked); reset(); }}>{t('figuresImport.submit')}</Checkbox>
        <Flex gap={12} wrap align="center">
          <Button icon={<EyeOutlined aria-hidden />} disabled={!file} loading={run.isPending && !preview} onClick={() => void send(true)}>
            {t('figuresImport.check')}
          </Button>
          <Button type="primary" icon={<CloudUploadOutlined aria-hidden />} disabled={!preview} loading={run.isPending && preview !== null} onClick={() => void send(false)}>
            {t('figuresImport.import')}
          </Button>
          {!shown && <Typography.Text type="secondary">{t('figuresImport.checkFirst')}</Typography.Text>}
        </Flex>
        {problem && <Alert type="error" showIcon role="alert" message={t('figuresImport.failed')} description={problem} style={{ alignSelf: 'stretch' }} />}
      </Flex>
      {shown && <SummaryView summary={shown} />}
    </Card>
  );
}

function problemLines(error: unknown, t: Translate): string {
  const extra = error instanceof ApiProblem ? error.errors.map((e) => e.msg) : [];
  return [problemText(error, t), ...extra].join(' ');
}

function SummaryView({ summary }: { summary: ImportSummary }) {
  const { t, locale } = useI18n();
  const rows = conflictRows(summary.conflicts, t);
  const count = (n: number) => formatNumber(n, locale);
  const columns: TableColumnsType<ConflictRow> = [
    { key: 'sheet', title: t('figuresImport.sheet'), width: 160, render: (_, row) => row.sheet ?? '—' },
    { key: 'cell', title: t('figuresImport.cell'), width: 80, render: (_, row) => (row.cell ? <Typography.Text code>{row.cell}</Typography.Text> : '—') },
    { key: 'problem', title: t('figuresImport.problem'), width: 220, render: (_, row) => row.problem },
    { key: 'detail', title: t('figuresImport.detail'), render: (_, row) => row.detail },
  ];
  return (
    <Flex vertical gap={12} style={{ marginTop: 16 }}>
      <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }} aria-live="polite">
        {summary.dry_run ? t('figuresImport.previewTitle') : t('figuresImport.resultTitle')}
      </Typography.Title>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2, lg: 5 }}
        items={[
          { key: 'created', label: t('figuresImport.created'), children: count(summary.created) },
          { key: 'updated', label: t('figuresImport.updated'), children: count(summary.updated) },
          { key: 'unchanged', label: t('figuresImport.unchanged'), children: count(summary.unchanged) },
          { key: 'rejected', label: t('figuresImport.rejected'), children: count(summary.rejected) },
          ...(summary.dry_run ? [] : [{ key: 'submitted', label: t('figuresImport.submitted'), children: count(summary.submitted ?? 0) }]),
        ]}
      />
      {rows.length === 0
        ? <Alert type="success" showIcon message={t('figuresImport.noConflicts')} />
        : (
          <>
            <Typography.Text strong>{t('figuresImport.conflicts', { count: count(rows.length) })}</Typography.Text>
            {summary.conflicts_truncated && <Alert type="warning" showIcon message={t('figuresImport.truncated', { count: count(rows.length) })} />}
            <Table<ConflictRow> size="small" rowKey="key" columns={columns} dataSource={rows} pagination={rows.length > 50 ? { pageSize: 50 } : false} />
          </>
        )}
    </Flex>
  );
}

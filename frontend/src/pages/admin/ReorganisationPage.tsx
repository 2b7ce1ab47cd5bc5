import { CheckCircleOutlined, DownloadOutlined, EyeOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Descriptions, Flex, Input, Table, Typography, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { ApiProblem } from '../../api/problem';
import { useReorganise } from '../../api/unitQueries';
import { PageTitle } from '../../components/PageTitle';
import { problemText } from '../../components/problemText';
import { useI18n, type Translate } from '../../i18n';
import { download } from '../../lib/exportTable';
import { formatNumber } from '../../lib/format';
import { COLUMNS, conflictRows, templateCsv, type Column, type ReorganisationConflictRow, type ReorganisationSummary } from '../../lib/reorganisation';

const CSV = 'text/csv';

/**
 * A reorganisation (sắp xếp đơn vị) imported as one CSV batch: "Kiểm tra" runs it as a dry run and
 * lists what each row would do or why it is refused; "Áp dụng" then sends the very same batch.
 */
export function ReorganisationPage() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t('reorg.title')} />
      <Flex vertical gap={16}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('reorg.help')}</Typography.Paragraph>
        <BatchCard />
        <FormatCard />
      </Flex>
    </>
  );
}

function FormatCard() {
  const { t } = useI18n();
  const columns: TableColumnsType<{ column: Column }> = [
    { key: 'column', title: t('reorg.column'), width: 180, render: (_, row) => <Typography.Text code>{row.column}</Typography.Text> },
    { key: 'meaning', title: t('reorg.meaning'), render: (_, row) => t(`reorg.col.${row.column}`) },
  ];
  return (
    <Card
      size="small"
      title={t('reorg.formatTitle')}
      extra={(
        <Button
          size="small"
          icon={<DownloadOutlined aria-hidden />}
          onClick={() => download(new Blob([`\uFEFF${templateCsv()}`], { type: `${CSV};charset=utf-8` }), 'qcdc-sap-xep-don-vi-mau.csv')}
        >
          {t('reorg.template')}
        </Button>
      )}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>{t('reorg.formatHelp')}</Typography.Paragraph>
      <Table<{ column: Column }>
        size="small"
        rowKey="column"
        columns={columns}
        dataSource={COLUMNS.map((column) => ({ column }))}
        pagination={false}
        aria-label={t('reorg.formatTitle')}
      />
    </Card>
  );
}

interface Outcome {
  summary: ReorganisationSummary;
  /** An atomic batch with a refused row: the server applied nothing. */
  refused: boolean;
}

/** The summary an atomic refusal (409 import_rejected) carries, if the error is one. */
function refusedSummary(error: unknown): ReorganisationSummary | null {
  if (!(error instanceof ApiProblem) || error.code !== 'import_rejected') return null;
  const summary = error.body.summary;
  return typeof summary === 'object' && summary !== null ? summary as ReorganisationSummary : null;
}

function BatchCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const run = useReorganise();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [atomic, setAtomic] = useState(true);
  // The dry run of the text and option as they are now, and the key "Áp dụng" sends it under.
  const [preview, setPreview] = useState<{ outcome: Outcome; key: string } | null>(null);
  const [result, setResult] = useState<Outcome | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const reset = () => {
    setPreview(null);
    setResult(null);
    setProblem(null);
  };

  const send = async (dryRun: boolean) => {
    if (!text.trim()) return;
    setProblem(null);
    const key = preview?.key ?? crypto.randomUUID();
    try {
      const summary = await run.mutateAsync({ csv: text, dryRun, atomic, idempotencyKey: dryRun ? undefined : key });
      if (dryRun) {
        setPreview({ outcome: { summary, refused: false }, key: crypto.randomUUID() });
        setResult(null);
      } else {
        setResult({ summary, refused: false });
        setPreview(null);
        void message.success(t('reorg.done'));
      }
    } catch (error) {
      const summary = refusedSummary(error);
      if (summary && dryRun) {
        setPreview({ outcome: { summary, refused: true }, key: crypto.randomUUID() });
        setResult(null);
      } else if (summary) {
        setResult({ summary, refused: true });
        setPreview(null);
      } else {
        setProblem(problemLines(error, t));
      }
    }
  };

  const shown = result ?? preview?.outcome ?? null;
  return (
    <Card size="small" title={t('reorg.batchTitle')}>
      <Flex vertical gap={12}>
        <Flex gap={8} align="center">
          <Upload
            accept={`.csv,${CSV}`}
            maxCount={1}
            showUploadList={false}
            beforeUpload={async (file) => {
              // The file fills the text box: what is checked and applied is what the user sees.
              setText(await file.text());
              setFileName(file.name);
              reset();
              return false;
            }}
          >
            <Button icon={<UploadOutlined aria-hidden />}>{t('reorg.chooseFile')}</Button>
          </Upload>
          {fileName && <Typography.Text type="secondary">{fileName}</Typography.Text>}
        </Flex>
        <label htmlFor="reorganisation-csv"><Typography.Text strong>{t('reorg.csvLabel')}</Typography.Text></label>
        <Input.TextArea
          id="reorganisation-csv"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setFileName(null);
            reset();
          }}
          placeholder={t('reorg.placeholder')}
          autoSize={{ minRows: 6, maxRows: 18 }}
          // The page's own font: monospace fonts here lack Vietnamese's stacked diacritics.
          spellCheck={false}
        />
        <Checkbox checked={atomic} onChange={(event) => { setAtomic(event.target.checked); reset(); }}>{t('reorg.atomic')}</Checkbox>
        <Flex gap={12} wrap align="center">
          <Button icon={<EyeOutlined aria-hidden />} disabled={!text.trim()} loading={run.isPending && !preview} onClick={() => void send(true)}>
            {t('reorg.check')}
          </Button>
          <Button
            type="primary"
            icon={<CheckCircleOutlined aria-hidden />}
            // Nothing to apply before a check, nor after a check whose atomic batch was refused.
            disabled={!preview || preview.outcome.refused || preview.outcome.summary.applied === 0}
            loading={run.isPending && preview !== null}
            onClick={() => void send(false)}
          >
            {t('reorg.apply')}
          </Button>
          {!shown && <Typography.Text type="secondary">{t('reorg.checkFirst')}</Typography.Text>}
        </Flex>
        {problem && <Alert type="error" showIcon role="alert" message={t('reorg.failed')} description={problem} />}
      </Flex>
      {shown && <SummaryView outcome={shown} text={text} />}
    </Card>
  );
}

function problemLines(error: unknown, t: Translate): string {
  const extra = error instanceof ApiProblem ? error.errors.map((e) => e.msg) : [];
  return [problemText(error, t), ...extra].join(' ');
}

function SummaryView({ outcome: { summary, refused }, text }: { outcome: Outcome; text: string }) {
  const { t, locale } = useI18n();
  const rows = conflictRows(summary.conflicts, text, t);
  const count = (n: number) => formatNumber(n, locale);
  const columns: TableColumnsType<ReorganisationConflictRow> = [
    { key: 'line', title: t('reorg.row'), width: 70, align: 'right', render: (_, row) => row.line ?? '—' },
    { key: 'event', title: t('reorg.event'), width: 260, render: (_, row) => (row.event ? <Typography.Text code>{row.event}</Typography.Text> : '—') },
    { key: 'problem', title: t('reorg.problem'), width: 320, render: (_, row) => row.problem },
    { key: 'detail', title: t('reorg.detail'), render: (_, row) => <Typography.Text type="secondary">{row.detail}</Typography.Text> },
  ];
  return (
    <Flex vertical gap={12} style={{ marginTop: 16 }}>
      <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }} aria-live="polite">
        {summary.dry_run ? t('reorg.previewTitle') : t('reorg.resultTitle')}
      </Typography.Title>
      {refused && <Alert type="warning" showIcon message={t('reorg.refused')} />}
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2, lg: 5 }}
        items={[
          { key: 'applied', label: t('reorg.applied'), children: count(summary.applied) },
          { key: 'rejected', label: t('reorg.rejected'), children: count(summary.rejected) },
          { key: 'units', label: t('reorg.unitsChanged'), children: count(summary.units_changed) },
          { key: 'moved', label: t('reorg.accountsMoved'), children: count(summary.accounts_moved) },
          { key: 'disabled', label: t('reorg.accountsDisabled'), children: count(summary.accounts_disabled) },
        ]}
      />
      {rows.length === 0
        ? <Alert type="success" showIcon message={t('reorg.noConflicts')} />
        : (
          <>
            <Typography.Text strong>{t('reorg.conflicts', { count: count(rows.length) })}</Typography.Text>
            <Table<ReorganisationConflictRow>
              size="small"
              rowKey="key"
              columns={columns}
              dataSource={rows}
              pagination={rows.length > 50 ? { pageSize: 50 } : false}
              scroll={{ x: 'max-content' }}
            />
          </>
        )}
    </Flex>
  );
}

import { EyeOutlined, InboxOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Col, DatePicker, Descriptions, Flex, Form, Input, List, Row, Select, Space, Spin, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useImportPlan, usePreviewPlanFile } from '../../api/planQueries';
import { ApiProblem, fieldPathOf } from '../../api/problem';
import { usePlans } from '../../api/queries';
import type { PlanImport, PlanImportResult } from '../../api/types';
import { useCurrentUser } from '../../app/CurrentUser';
import { PageTitle } from '../../components/PageTitle';
import { problemText } from '../../components/problemText';
import { UnitSelect } from '../../components/UnitSelect';
import { useDebounced } from '../../components/useDebounced';
import { useI18n } from '../../i18n';
import { fieldErrorMessage } from '../../i18n/fieldErrors';
import { formatDate, formatNumber } from '../../lib/format';
import { highlight, type Finding } from '../../lib/planHighlights';
import { bodiesOf, type Body } from '../../lib/plans';
import { TargetsTable } from './PlanPage';
import { SectionTree } from './SectionTree';

interface Values {
  issuer_id: number | null;
  parent_plan_id?: number | null;
  span_start?: Dayjs | null;
  span_end?: Dayjs | null;
  text: string;
}

const FIELDS = ['issuer_id', 'parent_plan_id', 'span_start', 'span_end', 'text'] as const;

/** Picks the plan this one implements, by number or title. */
function ParentPlanSelect({ value, onChange, id }: { value?: number | null; onChange?: (value: number | null) => void; id?: string }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const plans = usePlans({ q, status: undefined, year: undefined, page: 1, limit: 20 });
  return (
    <Select<number | null>
      id={id}
      showSearch
      allowClear
      filterOption={false}
      onSearch={setText}
      value={value ?? null}
      onChange={(next) => onChange?.(next ?? null)}
      placeholder={t('import.parentPlaceholder')}
      loading={plans.isFetching}
      options={(plans.data?.items ?? []).map((plan) => ({ value: plan.id, label: `${plan.symbol} · ${plan.title}` }))}
      notFoundContent={null}
    />
  );
}

/**
 * A plan from its file (.docx, .pdf, .txt) or its text as pasted from Word or PDF: the server reads
 * it (dry run) into sections, targets and assignments; a file's text comes back into the text box,
 * to correct; the planner maps the body names no unit matched, then saves a draft.
 */
export function PlanImportPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { me } = useCurrentUser();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const run = useImportPlan();
  const readFile = usePreviewPlanFile();
  const [preview, setPreview] = useState<PlanImportResult | null>(null);
  // The text the preview was read from, and the file it came from, if any.
  const [previewText, setPreviewText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, number>>({});
  const [mappingErrors, setMappingErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const fields = (values: Partial<Values>) => ({
    issuer_id: values.issuer_id ?? 0,
    parent_plan_id: values.parent_plan_id ?? null,
    span_start: values.span_start ? values.span_start.format('YYYY-MM-DD') : null,
    span_end: values.span_end ? values.span_end.format('YYYY-MM-DD') : null,
  });

  const request = (values: Values, dryRun: boolean): PlanImport => ({ ...fields(values), text: values.text, dry_run: dryRun, mapping });

  const showProblem = (error: unknown) => {
    if (!(error instanceof ApiProblem)) {
      setFormError(problemText(error, t));
      return;
    }
    const byName: Record<string, string> = {};
    for (const e of error.errors) {
      const [where, name] = fieldPathOf(e.loc);
      if (where === 'mapping' && typeof name === 'string') byName[name] = e.msg;
    }
    setMappingErrors(byName);
    const { fields, unmatched } = error.formFields(FIELDS, (e) => fieldErrorMessage(e, t));
    form.setFields(fields);
    const rest = unmatched.filter((e) => fieldPathOf(e.loc)[0] !== 'mapping');
    if (fields.length === 0 || rest.length > 0) setFormError([problemText(error, t), ...rest.map((e) => e.msg)].join(' '));
  };

  const submit = async (dryRun: boolean) => {
    setFormError(null);
    setMappingErrors({});
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    try {
      const result = await run.mutateAsync(request(values, dryRun));
      if (!dryRun && result.plan_id !== null) {
        void message.success(t('import.saved'));
        void navigate(`/plans/${result.plan_id}`);
        return;
      }
      setPreview(result);
      setPreviewText(values.text);
      // A name the server now matches (or no longer lists) needs no mapping kept.
      setMapping((current) => Object.fromEntries(Object.entries(current).filter(([name]) => result.unmatched.includes(name) || isMapped(result, name))));
    } catch (error) {
      showProblem(error);
    }
  };

  const previewFile = async (file: File) => {
    setFormError(null);
    setMappingErrors({});
    try {
      await form.validateFields(['issuer_id']);
    } catch {
      return;
    }
    try {
      const result = await readFile.mutateAsync({ file, fields: fields(form.getFieldsValue()) });
      const text = result.text ?? '';
      form.setFieldValue('text', text);
      setMapping({});
      setFileName(file.name);
      setPreview(result);
      setPreviewText(text);
    } catch (error) {
      showProblem(error);
    }
  };

  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ key: 'list', title: <Link to="/plans">{t('plans.title')}</Link> }, { key: 'this', title: t('import.title') }]} />
      <PageTitle title={t('import.title')} />
      <Flex vertical gap={16}>
        <Card>
          <Typography.Paragraph type="secondary">{t('import.help')}</Typography.Paragraph>
          {formError && <Alert type="error" showIcon role="alert" message={t('error.formHasErrors')} description={formError} style={{ marginBottom: 16 }} />}
          <Form<Values>
            form={form}
            layout="vertical"
            initialValues={{ issuer_id: me.unit?.id ?? null, text: '' }}
            onValuesChange={(changed: Partial<Values>) => {
              if (changed.text !== undefined || changed.issuer_id !== undefined) setPreview(null);
            }}
          >
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="issuer_id" label={t('plans.issuer')} rules={[{ required: true, message: t('import.issuerRequired') }]}>
                  <UnitSelect initial={me.unit} allowClear={false} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="parent_plan_id" label={t('import.parent')}>
                  <ParentPlanSelect />
                </Form.Item>
              </Col>
            </Row>
            <Space size={16} wrap>
              <Form.Item name="span_start" label={t('plan.spanStart')} extra={t('import.spanHelp')}>
                <DatePicker format="DD/MM/YYYY" />
              </Form.Item>
              <Form.Item name="span_end" label={t('plan.spanEnd')}>
                <DatePicker format="DD/MM/YYYY" />
              </Form.Item>
            </Space>
            <Spin spinning={readFile.isPending} tip={t('import.reading', { name: readFile.variables?.file.name ?? '' })}>
              <Upload.Dragger
                accept=".docx,.pdf,.txt"
                multiple={false}
                showUploadList={false}
                beforeUpload={(file) => {
                  void previewFile(file);
                  return Upload.LIST_IGNORE;
                }}
                style={{ marginBottom: 16 }}
              >
                <p className="ant-upload-drag-icon"><InboxOutlined aria-hidden /></p>
                <p className="ant-upload-text">{t('import.drop')}</p>
                <p className="ant-upload-hint">{t('import.dropHint')}</p>
              </Upload.Dragger>
            </Spin>
            {fileName && <Alert type="info" showIcon message={t('import.fromFile', { name: fileName })} style={{ marginBottom: 12 }} />}
            <Form.Item name="text" label={t('import.text')} rules={[{ required: true, whitespace: true, message: t('import.textRequired') }]}>
              <Input.TextArea autoSize={{ minRows: preview ? 4 : 10, maxRows: preview ? 8 : 24 }} placeholder={t('import.textPlaceholder')} spellCheck={false} />
            </Form.Item>
            <Button type="primary" icon={<EyeOutlined aria-hidden />} loading={run.isPending && !preview} onClick={() => void submit(true)}>
              {t('import.preview')}
            </Button>
          </Form>
        </Card>
        {preview && (
          <Preview
            result={preview}
            text={previewText}
            mapping={mapping}
            mappingErrors={mappingErrors}
            onMap={(name, unitId) => setMapping((current) => {
              const next = { ...current };
              if (unitId === null) delete next[name]; else next[name] = unitId;
              return next;
            })}
            busy={run.isPending}
            onPreview={() => void submit(true)}
            onSave={() => void submit(false)}
          />
        )}
      </Flex>
    </>
  );
}

function isMapped(result: PlanImportResult, name: string): boolean {
  return result.assignments.some((a) => a.assignee_name === name && a.assignee !== null);
}

interface PreviewProps {
  result: PlanImportResult;
  text: string;
  mapping: Record<string, number>;
  mappingErrors: Record<string, string>;
  onMap: (name: string, unitId: number | null) => void;
  busy: boolean;
  onPreview: () => void;
  onSave: () => void;
}

function Preview({ result, text, mapping, mappingErrors, onMap, busy, onPreview, onSave }: PreviewProps) {
  const { t, locale } = useI18n();
  const top = useRef<HTMLDivElement>(null);
  // A new reading is what the planner asked for: bring it into view, and to the screen reader.
  useEffect(() => {
    top.current?.scrollIntoView({ block: 'start' });
    top.current?.focus({ preventScroll: true });
  }, [result]);
  const bodies = bodiesOf(result.assignments);
  const unmatchedLeft = result.unmatched.filter((name) => mapping[name] === undefined);
  // A name mapped since the last reading: one that was unmatched, or a match the planner changed.
  const mappedSinceLastPreview = Object.entries(mapping).some(([name, id]) =>
    result.unmatched.includes(name) || bodies.some((b) => b.name === name && b.unitId !== null && b.unitId !== id));

  const bodyColumns: TableColumnsType<Body> = [
    { key: 'name', title: t('import.bodyName'), render: (_, b) => b.name },
    {
      key: 'match',
      title: t('import.matched'),
      render: (_, b) => {
        // A wrong match is corrected here: the chosen unit is sent as this name's mapping.
        if (b.unitId !== null && b.unitName) {
          return (
            <UnitSelect
              aria-label={t('import.mapToFor', { name: b.name })}
              style={{ width: '100%', maxWidth: 420 }}
              allowClear={false}
              initial={{ id: b.unitId, name: b.unitName }}
              value={mapping[b.name] ?? b.unitId}
              onChange={(id) => onMap(b.name, id === b.unitId ? null : id)}
            />
          );
        }
        if (b.groupLabel) return <>{t('import.group')} <Tag bordered={false}>{t('import.groupSize', { count: formatNumber(b.groupSize, locale) })}</Tag></>;
        return <Tag color="warning">{t('import.unmatched')}</Tag>;
      },
    },
    { key: 'mode', title: t('import.mode'), width: 110, render: (_, b) => <Tag bordered={false} color={b.mode === 'requested' ? 'purple' : 'blue'}>{t(`assignmentMode.${b.mode}`)}</Tag> },
    { key: 'tasks', title: t('import.tasks'), width: 200, render: (_, b) => `${formatNumber(b.tasks, locale)} (${b.sections.join(', ')})` },
  ];

  return (
    <>
      <div ref={top} tabIndex={-1} aria-label={t('import.previewTitle')} style={{ outline: 'none', scrollMarginTop: 16 }} />
      <Card title={t('import.previewTitle')}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'symbol', label: t('plans.symbol'), children: result.header.number ? result.header.symbol : <Typography.Text type="warning">{t('import.noNumber', { symbol: result.header.symbol })}</Typography.Text> },
            { key: 'date', label: t('plans.issueDate'), children: result.header.issue_date ? `${result.header.place ? `${result.header.place}, ` : ''}${formatDate(result.header.issue_date)}` : t('plan.noDate') },
            { key: 'title', label: t('plans.planTitle'), children: result.header.title, span: 2 },
            { key: 'year', label: t('import.year'), children: result.year ?? t('common.none') },
            {
              key: 'counts',
              label: t('import.counts'),
              children: t('import.countsText', {
                sections: formatNumber(result.sections.length, locale),
                targets: formatNumber(result.targets.length, locale),
                assignments: formatNumber(result.assignments.length, locale),
              }),
            },
          ]}
        />
        {result.warnings.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            message={t('import.warnings')}
            description={<ul style={{ margin: 0, paddingInlineStart: 20 }}>{result.warnings.map((w) => <li key={w}>{w}</li>)}</ul>}
          />
        )}
        {result.legal_bases.length > 0 && (
          <>
            <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>{t('plan.legalBases')}</Typography.Title>
            <List size="small" dataSource={result.legal_bases} renderItem={(basis) => <List.Item>{basis.sentence}</List.Item>} />
          </>
        )}
      </Card>

      <Card title={t('import.bodies', { count: bodies.length })}>
        <Table<Body> size="small" rowKey="name" columns={bodyColumns} dataSource={bodies} pagination={false} />
      </Card>

      {result.unmatched.length > 0 && (
        <Card title={t('import.mappingTitle', { count: result.unmatched.length })}>
          <Typography.Paragraph type="secondary">{t('import.mappingHelp')}</Typography.Paragraph>
          <Table<string>
            size="small"
            rowKey={(name) => name}
            dataSource={result.unmatched}
            pagination={false}
            columns={[
              { key: 'name', title: t('import.bodyName'), render: (_, name) => name },
              {
                key: 'unit',
                title: t('import.mapTo'),
                width: 420,
                render: (_, name) => (
                  <>
                    <UnitSelect
                      aria-label={t('import.mapToFor', { name })}
                      placeholder={t('import.leaveUnmatched')}
                      style={{ width: '100%' }}
                      value={mapping[name] ?? null}
                      aria-invalid={mappingErrors[name] !== undefined}
                      onChange={(id) => onMap(name, id)}
                    />
                    {mappingErrors[name] && <Typography.Text type="danger" role="alert">{mappingErrors[name]}</Typography.Text>}
                  </>
                ),
              },
            ]}
          />
        </Card>
      )}

      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('import.sourceText')} extra={<Legend />} styles={{ body: { maxHeight: 640, overflow: 'auto' } }}>
            <HighlightedText text={text} result={result} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('plan.sections')} styles={{ body: { maxHeight: 640, overflow: 'auto' } }}>
            <SectionTree sections={result.sections} />
          </Card>
        </Col>
      </Row>
      <Card title={t('plan.targets', { count: result.targets.length })}>
        <TargetsTable targets={result.targets} />
      </Card>

      <Card style={{ position: 'sticky', bottom: 0, zIndex: 2 }}>
        <Flex gap={12} align="center" wrap>
          <Button icon={<EyeOutlined aria-hidden />} disabled={busy} onClick={onPreview}>{t('import.previewAgain')}</Button>
          <Button type="primary" icon={<SaveOutlined aria-hidden />} loading={busy} onClick={onSave}>{t('import.save')}</Button>
          <Typography.Text type="secondary" role="status">
            {unmatchedLeft.length > 0 ? t('import.leftUnmatched', { count: unmatchedLeft.length }) : mappedSinceLastPreview ? t('import.mappedReady') : t('import.ready')}
          </Typography.Text>
        </Flex>
      </Card>
    </>
  );
}

const FINDING_COLOURS: Record<Finding, string> = { task: '#d6e4ff', body: '#ffe7ba', target: '#d9f7be' };

function Legend() {
  const { t } = useI18n();
  return (
    <Space size={4}>
      {(Object.keys(FINDING_COLOURS) as Finding[]).map((finding) => (
        <Tag key={finding} bordered={false} color={FINDING_COLOURS[finding]} style={{ color: 'rgba(0, 0, 0, 0.88)' }}>{t(`import.found.${finding}`)}</Tag>
      ))}
    </Space>
  );
}

/** The plan's text with what the reading recognised marked in it. */
export function HighlightedText({ text, result }: { text: string; result: PlanImportResult }) {
  const { t } = useI18n();
  return (
    <div data-testid="import-source-text" style={{ whiteSpace: 'pre-wrap', fontSize: 13, lineHeight: 1.6 }}>
      {highlight(text, result).map((piece, index) =>
        piece.finding ? (
          <mark key={index} title={t(`import.found.${piece.finding}`)} data-finding={piece.finding} style={{ background: FINDING_COLOURS[piece.finding], padding: 0 }}>{piece.text}</mark>
        ) : (
          piece.text
        ),
      )}
    </div>
  );
}

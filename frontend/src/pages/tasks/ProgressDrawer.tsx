import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Flex, Form, Input, InputNumber, Select, Space, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useReportProgress, useUploadEvidence } from '../../api/planQueries';
import { ApiProblem, fieldPathOf } from '../../api/problem';
import { PROGRESS_STATUSES, type Occurrence, type ProgressCreate, type ProgressStatus, type Task } from '../../api/types';
import { Drawer } from '../../components/Drawer';
import { problemText } from '../../components/problemText';
import { useI18n } from '../../i18n';
import { fieldErrorMessage } from '../../i18n/fieldErrors';
import { formatDate } from '../../lib/format';
import { EvidenceList } from './EvidenceList';

interface DocumentValues {
  kind: string;
  number?: string;
  date?: Dayjs | null;
  title?: string;
}

interface Values {
  status: ProgressStatus;
  percent: number | null;
  note?: string;
  documents: DocumentValues[];
}

const FIELDS = ['status', 'percent', 'note', 'documents'] as const;
const DOCUMENT_FIELDS = ['kind', 'number', 'date', 'title'] as const;
const ACCEPT = '.pdf,.doc,.docx,.odt,.xls,.xlsx,.jpg,.jpeg,.png';

interface Props {
  target: { task: Task; occurrence: Occurrence } | null;
  onClose: () => void;
}

function toBody(values: Values, dueDate: string): ProgressCreate {
  return {
    due_date: dueDate,
    status: values.status,
    percent: values.percent,
    note: values.note?.trim() ? values.note.trim() : null,
    documents: (values.documents ?? []).filter((d) => d.kind?.trim()).map((d) => ({
      kind: d.kind.trim(),
      number: d.number?.trim() || null,
      date: d.date ? d.date.format('YYYY-MM-DD') : null,
      title: d.title?.trim() || null,
    })),
  };
}

/** Reports progress on one occurrence of a task: status, percent, note, documents and evidence files. */
export function ProgressDrawer({ target, onClose }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useReportProgress();
  const upload = useUploadEvidence();
  const [formError, setFormError] = useState<string | null>(null);
  const [occurrence, setOccurrence] = useState<Occurrence | null>(null);

  useEffect(() => {
    if (!target) return;
    setFormError(null);
    setOccurrence(target.occurrence);
    form.resetFields();
    form.setFieldsValue({
      status: target.occurrence.status,
      percent: target.occurrence.percent,
      note: target.occurrence.note ?? '',
      documents: target.occurrence.documents.map((d) => ({
        kind: d.kind ?? '', number: d.number ?? '', title: d.title ?? '', date: d.date ? dayjs(d.date) : null,
      })),
    });
  }, [target, form]);

  const showProblem = (error: unknown) => {
    if (error instanceof ApiProblem) {
      const { fields, unmatched } = error.formFields(FIELDS, (e) => fieldErrorMessage(e, t));
      // A document's error points inside the list (["documents", 0, "kind"]): put it on that input.
      form.setFields(error.errors.flatMap((e) => {
        const [list, index, field] = fieldPathOf(e.loc);
        const part = DOCUMENT_FIELDS.find((name) => name === field);
        if (list !== 'documents' || typeof index !== 'number' || !part) return [];
        return [{ name: ['documents', index, part] as const, errors: [fieldErrorMessage(e, t)] }];
      }));
      form.setFields(fields.filter((f) => f.name !== 'documents'));
      if (fields.length === 0 || unmatched.length > 0) setFormError([problemText(error, t), ...unmatched.map((e) => e.msg)].join(' '));
      return;
    }
    setFormError(problemText(error, t));
  };

  const submit = async (values: Values) => {
    if (!target) return;
    setFormError(null);
    try {
      await save.mutateAsync({ assignmentId: target.task.assignment_id, body: toBody(values, target.occurrence.due_date) });
      void message.success(t('tasks.saved'));
      onClose();
    } catch (error) {
      showProblem(error);
    }
  };

  /** Evidence hangs off a saved progress row: the first file saves the form's progress first. */
  const attach = async (file: File) => {
    if (!target || !occurrence) return;
    setFormError(null);
    try {
      let progressId = occurrence.progress_id ?? null;
      if (progressId === null) {
        const values = await form.validateFields();
        const task = await save.mutateAsync({ assignmentId: target.task.assignment_id, body: toBody(values, occurrence.due_date) });
        const saved = task.occurrences.find((o) => o.due_date === occurrence.due_date);
        progressId = saved?.progress_id ?? null;
        if (saved) setOccurrence(saved);
      }
      if (progressId === null) return;
      const added = await upload.mutateAsync({ assignmentId: target.task.assignment_id, progressId, file });
      setOccurrence((current) => (current ? { ...current, progress_id: progressId, files: [...current.files, added] } : current));
      void message.success(t('tasks.fileAdded', { name: added.filename }));
    } catch (error) {
      showProblem(error);
    }
  };

  const busy = save.isPending || upload.isPending;
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      width={560}
      title={target ? t('tasks.updateTitle', { task: target.task.section_number, occurrence: target.occurrence.label }) : ''}
      destroyOnHidden
      extra={(
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} disabled={busy} onClick={() => form.submit()}>{t('common.save')}</Button>
        </Space>
      )}
    >
      {target && (
        <Typography.Paragraph type="secondary">
          {target.task.section_title} · {t('tasks.due')}: {formatDate(target.occurrence.due_date)}
        </Typography.Paragraph>
      )}
      {formError && <Alert type="error" showIcon role="alert" message={t('error.formHasErrors')} description={formError} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={busy}
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<Values>) => {
          // Done means all of it; the server would store 100 anyway, the form should say so at once.
          if (changed.status === 'completed') form.setFieldValue('percent', 100);
          if (changed.status === 'not_started') form.setFieldValue('percent', 0);
        }}
      >
        <Form.Item name="status" label={t('tasks.status')} rules={[{ required: true }]}>
          <Select<ProgressStatus> options={PROGRESS_STATUSES.map((s) => ({ value: s, label: t(`progressStatus.${s}`) }))} />
        </Form.Item>
        <Form.Item name="percent" label={t('tasks.percent')}>
          <InputNumber<number> min={0} max={100} step={5} addonAfter="%" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="note" label={t('tasks.note')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        <Typography.Title level={3} style={{ fontSize: 15 }}>{t('tasks.documents')}</Typography.Title>
        <Form.List name="documents">
          {(items, { add, remove }) => (
            <>
              {items.map((item) => (
                <Flex key={item.key} gap={8} align="start" wrap style={{ marginBottom: 8 }}>
                  <Form.Item name={[item.name, 'kind']} label={t('tasks.docKind')} rules={[{ required: true, whitespace: true, message: t('tasks.docKindRequired') }]} style={{ marginBottom: 0, width: 130 }}>
                    <Input placeholder={t('tasks.docKindPlaceholder')} />
                  </Form.Item>
                  <Form.Item name={[item.name, 'number']} label={t('tasks.docNumber')} style={{ marginBottom: 0, width: 120 }}>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[item.name, 'date']} label={t('tasks.docDate')} style={{ marginBottom: 0, width: 140 }}>
                    <DatePicker format="DD/MM/YYYY" />
                  </Form.Item>
                  <Form.Item name={[item.name, 'title']} label={t('tasks.docTitle')} style={{ marginBottom: 0, flex: 1, minWidth: 160 }}>
                    <Input />
                  </Form.Item>
                  <Button type="text" danger icon={<DeleteOutlined aria-hidden />} aria-label={t('tasks.docRemove')} onClick={() => remove(item.name)} style={{ marginTop: 30 }} />
                </Flex>
              ))}
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ kind: '' })}>{t('tasks.docAdd')}</Button>
            </>
          )}
        </Form.List>
      </Form>
      <Typography.Title level={3} style={{ fontSize: 15, marginTop: 24 }}>{t('tasks.evidence')}</Typography.Title>
      {occurrence && <EvidenceList files={occurrence.files} />}
      <Upload
        accept={ACCEPT}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          void attach(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined aria-hidden />} loading={upload.isPending} style={{ marginTop: 8 }}>{t('tasks.attach')}</Button>
      </Upload>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 4 }}>{t('tasks.attachHelp')}</Typography.Paragraph>
    </Drawer>
  );
}

import { Alert, Button, DatePicker, Form, Input, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useAmendPlan, useUpdatePlan } from '../../api/planQueries';
import { ApiProblem } from '../../api/problem';
import type { PlanDetail, PlanUpdate } from '../../api/types';
import { Drawer } from '../../components/Drawer';
import { problemText } from '../../components/problemText';
import { useT } from '../../i18n';
import { fieldErrorMessage } from '../../i18n/fieldErrors';

interface Values {
  reason?: string;
  number?: string;
  issue_date?: Dayjs | null;
  title: string;
  place?: string;
  span_start?: Dayjs | null;
  span_end?: Dayjs | null;
}

const FIELDS = ['reason', 'number', 'issue_date', 'title', 'place', 'span_start', 'span_end'] as const;

const day = (value: string | null) => (value ? dayjs(value) : null);
const iso = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);

/** The plan's header fields as they are now, to compare the form with. */
function current(plan: PlanDetail): PlanUpdate {
  return {
    number: plan.number, issue_date: plan.issue_date, title: plan.title, place: plan.place,
    span_start: plan.span_start, span_end: plan.span_end,
  };
}

function changesOf(values: Values, plan: PlanDetail): PlanUpdate {
  const next: PlanUpdate = {
    number: values.number?.trim() || null,
    issue_date: iso(values.issue_date),
    title: values.title.trim(),
    place: values.place?.trim() || null,
    span_start: iso(values.span_start),
    span_end: iso(values.span_end),
  };
  const before = current(plan);
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => before[key as keyof PlanUpdate] !== value)) as PlanUpdate;
}

interface Props {
  plan: PlanDetail;
  /** "edit" a draft freely; "amend" an issued plan, with the reason recorded. */
  mode: 'edit' | 'amend' | null;
  onClose: () => void;
  onSaved: (mode: 'edit' | 'amend') => void;
}

export function PlanDrawer({ plan, mode, onClose, onSaved }: Props) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const update = useUpdatePlan(plan.id);
  const amend = useAmendPlan(plan.id);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!mode) return;
    setFormError(null);
    form.resetFields();
    form.setFieldsValue({
      number: plan.number ?? '', issue_date: day(plan.issue_date), title: plan.title, place: plan.place ?? '',
      span_start: day(plan.span_start), span_end: day(plan.span_end),
    });
  }, [mode, plan, form]);

  const submit = async (values: Values) => {
    if (!mode) return;
    setFormError(null);
    const changes = changesOf(values, plan);
    if (Object.keys(changes).length === 0) {
      setFormError(t('plan.nothingChanged'));
      return;
    }
    try {
      if (mode === 'amend') await amend.mutateAsync({ reason: (values.reason ?? '').trim(), changes });
      else await update.mutateAsync(changes);
      onSaved(mode);
    } catch (error) {
      if (!(error instanceof ApiProblem)) {
        setFormError(problemText(error, t));
        return;
      }
      // An amendment's field errors point into `changes`: ["changes", "span_end"] belongs to span_end.
      const flat = new ApiProblem(error.status, {
        ...error.body,
        errors: error.errors.map((e) => ({ ...e, loc: e.loc.filter((part) => part !== 'changes') })),
      });
      const { fields, unmatched } = flat.formFields(FIELDS, (e) => fieldErrorMessage(e, t));
      form.setFields(fields);
      if (fields.length === 0 || unmatched.length > 0) setFormError([problemText(error, t), ...unmatched.map((e) => e.msg)].join(' '));
    }
  };

  const saving = update.isPending || amend.isPending;
  return (
    <Drawer
      open={mode !== null}
      onClose={onClose}
      width={520}
      title={mode === 'amend' ? t('plan.amendTitle', { symbol: plan.symbol }) : t('plan.editTitle')}
      destroyOnHidden
      extra={(
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>{t('common.save')}</Button>
        </Space>
      )}
    >
      {formError && <Alert type="error" showIcon role="alert" message={t('error.formHasErrors')} description={formError} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={(values) => void submit(values)} disabled={saving}>
        {mode === 'amend' && (
          <Form.Item
            name="reason"
            label={t('plan.reason')}
            extra={t('plan.reasonHelp')}
            rules={[{ required: true, whitespace: true, message: t('plan.reasonRequired') }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
        )}
        <Form.Item name="number" label={t('plan.number')} extra={t('plan.numberHelp', { symbol: plan.symbol })}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="issue_date" label={t('plans.issueDate')}>
          <DatePicker format="DD/MM/YYYY" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="title" label={t('plans.planTitle')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Form.Item name="place" label={t('plan.place')}>
          <Input />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item name="span_start" label={t('plan.spanStart')} rules={[{ required: true, message: t('field.required') }]}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
          <Form.Item
            name="span_end"
            label={t('plan.spanEnd')}
            dependencies={['span_start']}
            rules={[
              { required: true, message: t('field.required') },
              ({ getFieldValue }) => ({
                validator: (_, end: Dayjs | null) => {
                  const start = getFieldValue('span_start') as Dayjs | null;
                  return end && start && end.isBefore(start, 'day') ? Promise.reject(new Error(t('field.spanEndBeforeStart'))) : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
        </Space>
      </Form>
    </Drawer>
  );
}

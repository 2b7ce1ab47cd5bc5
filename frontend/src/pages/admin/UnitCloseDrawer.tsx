import { Alert, Button, DatePicker, Form, Input, Radio, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { ApiProblem } from '../../api/problem';
import type { OrgUnit } from '../../api/types';
import { useCloseUnit } from '../../api/unitQueries';
import { Drawer } from '../../components/Drawer';
import { problemText } from '../../components/problemText';
import { UnitSelect } from '../../components/UnitSelect';
import { useT } from '../../i18n';
import { fieldErrorMessage } from '../../i18n/fieldErrors';
import { formatDate } from '../../lib/format';

interface Values {
  valid_to: Dayjs | null;
  successor_ids: (number | null)[];
  accounts?: 'move' | 'disable';
  note?: string;
}

const FIELDS = ['valid_to', 'successor_ids', 'accounts', 'note'] as const;

/**
 * Ends a unit's life on a date. Naming successors records a merge (its history maps onto them);
 * several successors record a split. Past figures stay where they were.
 */
export function UnitCloseDrawer({ unit, onClose, onSaved }: { unit: OrgUnit | null; onClose: () => void; onSaved: (unit: OrgUnit, merged: boolean) => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const close = useCloseUnit();
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!unit) return;
    setFormError(null);
    form.resetFields();
  }, [unit, form]);

  const submit = async (values: Values) => {
    if (!unit || !values.valid_to) return;
    setFormError(null);
    const successors = values.successor_ids.filter((id): id is number => id !== null);
    try {
      const closed = await close.mutateAsync({
        id: unit.id,
        body: { valid_to: values.valid_to.format('YYYY-MM-DD'), successor_ids: successors, accounts: values.accounts ?? null, note: values.note?.trim() || null },
      });
      onSaved(closed, successors.length > 0);
    } catch (error) {
      if (!(error instanceof ApiProblem)) {
        setFormError(problemText(error, t));
        return;
      }
      const { fields, unmatched } = error.formFields(FIELDS, (e) => fieldErrorMessage(e, t));
      form.setFields(fields);
      if (error.code === 'org_unit_accounts_choice_needed') {
        form.setFields([{ name: 'accounts', errors: [t('unitAdmin.accountsNeeded')] }]);
        return;
      }
      if (error.code === 'org_unit_invalid_closure' && fields.length === 0) {
        // The server names no field, but the only date on the form is the one it refused.
        form.setFields([{ name: 'valid_to', errors: [t('unitAdmin.closeBeforeStart', { date: formatDate(unit.valid_from) })] }]);
        return;
      }
      if (fields.length === 0 || unmatched.length > 0) setFormError([problemText(error, t), ...unmatched.map((e) => e.msg)].join(' '));
    }
  };

  return (
    <Drawer
      open={unit !== null}
      onClose={onClose}
      width={480}
      title={unit ? t('unitAdmin.closeTitle', { name: unit.name }) : ''}
      destroyOnHidden
      extra={(
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" danger loading={close.isPending} onClick={() => form.submit()}>{t('unitAdmin.close')}</Button>
        </Space>
      )}
    >
      <Typography.Paragraph type="secondary">{t('unitAdmin.closeHelp')}</Typography.Paragraph>
      {formError && <Alert type="error" showIcon role="alert" message={t('error.formHasErrors')} description={formError} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ valid_to: dayjs(), successor_ids: [] }}
        onFinish={(values) => void submit(values)}
        disabled={close.isPending}
      >
        <Form.Item name="valid_to" label={t('unitAdmin.validTo')} rules={[{ required: true, message: t('field.required') }]}>
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Form.List name="successor_ids">
          {(items, { add, remove }) => (
            <Form.Item label={t('unitAdmin.successors')} extra={t('unitAdmin.successorsHelp')}>
              {items.map((item, index) => (
                <Space key={item.key} style={{ display: 'flex', marginBottom: 8 }} align="start">
                  <Form.Item name={item.name} noStyle>
                    <UnitSelect aria-label={t('unitAdmin.successorN', { n: index + 1 })} style={{ width: 320 }} />
                  </Form.Item>
                  <Button type="text" danger onClick={() => remove(item.name)} aria-label={t('unitAdmin.removeSuccessor')}>×</Button>
                </Space>
              ))}
              <Button onClick={() => add(null)}>{t('unitAdmin.addSuccessor')}</Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="accounts" label={t('unitAdmin.accounts')} extra={t('unitAdmin.accountsHelp')}>
          <Radio.Group>
            <Radio value="move">{t('unitAdmin.accountsMove')}</Radio>
            <Radio value="disable">{t('unitAdmin.accountsDisable')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="note" label={t('unitAdmin.note')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('unitAdmin.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

import { Alert, Button, DatePicker, Form, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { ApiProblem } from '../../api/problem';
import { GRASSROOTS_TYPES, ORG_UNIT_KINDS, type GrassrootsType, type OrgUnit, type OrgUnitKind } from '../../api/types';
import { useCreateUnit } from '../../api/unitQueries';
import { Drawer } from '../../components/Drawer';
import { problemText } from '../../components/problemText';
import { UnitSelect } from '../../components/UnitSelect';
import { useT } from '../../i18n';
import { fieldErrorMessage } from '../../i18n/fieldErrors';

interface Values {
  parent_id: number | null;
  code: string;
  name: string;
  kind: OrgUnitKind;
  grassroots_type: GrassrootsType | null;
  valid_from: Dayjs | null;
}

const FIELDS = ['parent_id', 'code', 'name', 'kind', 'grassroots_type', 'valid_from'] as const;

/** The grassroots type a kind of unit usually has, proposed when the kind is picked. */
const USUAL_TYPE: Partial<Record<OrgUnitKind, GrassrootsType>> = {
  commune: 'commune', department: 'agency', public_service: 'agency', mass_org: 'agency', enterprise: 'employer',
};

export function UnitCreateDrawer({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: (unit: OrgUnit) => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const create = useCreateUnit();
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
  }, [open, form]);

  const submit = async (values: Values) => {
    setFormError(null);
    try {
      onSaved(await create.mutateAsync({
        parent_id: values.parent_id,
        code: values.code.trim(),
        name: values.name.trim(),
        kind: values.kind,
        grassroots_type: values.grassroots_type,
        ...(values.valid_from ? { valid_from: values.valid_from.format('YYYY-MM-DD') } : {}),
      }));
    } catch (error) {
      if (!(error instanceof ApiProblem)) {
        setFormError(problemText(error, t));
        return;
      }
      const { fields, unmatched } = error.formFields(FIELDS, (e) => fieldErrorMessage(e, t));
      form.setFields(fields);
      if (fields.length === 0 && error.code === 'org_unit_code_taken') {
        // The server's words are English; this one case is common enough to say in the user's language.
        form.setFields([{ name: 'code', errors: [t('unitAdmin.codeTaken', { code: values.code.trim() })] }]);
      } else if (fields.length === 0 || unmatched.length > 0) {
        setFormError([problemText(error, t), ...unmatched.map((e) => e.msg)].join(' '));
      }
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={480}
      title={t('unitAdmin.add')}
      destroyOnHidden
      extra={(
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>{t('common.save')}</Button>
        </Space>
      )}
    >
      {formError && <Alert type="error" showIcon role="alert" message={t('error.formHasErrors')} description={formError} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ parent_id: null, grassroots_type: null, valid_from: dayjs() }}
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.kind) form.setFieldValue('grassroots_type', USUAL_TYPE[changed.kind] ?? null);
        }}
        disabled={create.isPending}
      >
        <Form.Item name="parent_id" label={t('unitAdmin.parent')} extra={t('unitAdmin.parentHelp')}>
          <UnitSelect />
        </Form.Item>
        <Form.Item name="code" label={t('units.code')} extra={t('unitAdmin.codeHelp')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('units.name')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="kind" label={t('units.kind')} rules={[{ required: true, message: t('field.required') }]}>
          <Select<OrgUnitKind> options={ORG_UNIT_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))} />
        </Form.Item>
        <Form.Item name="grassroots_type" label={t('units.grassrootsType')}>
          <Select<GrassrootsType | null>
            allowClear
            options={GRASSROOTS_TYPES.map((type) => ({ value: type, label: t(`grassroots.${type}`) }))}
          />
        </Form.Item>
        <Form.Item name="valid_from" label={t('units.validFrom')}>
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

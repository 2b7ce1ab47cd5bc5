import { Alert, Button, Form, Input, InputNumber, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useCreateApiToken } from '../../api/integrationQueries';
import type { ApiTokenCreated, Scope } from '../../api/types';
import { Drawer } from '../../components/Drawer';
import { formProblem } from '../../components/formProblem';
import { useT } from '../../i18n';
import { ScopeSelect } from './ScopeSelect';

interface Values {
  name: string;
  scopes: Scope[];
  expires_in_days: number;
}

const FIELDS = ['name', 'scopes', 'expires_in_days'] as const;
// The server's default maximum (QCDC_API_TOKEN_MAX_DAYS); a server configured lower says so on the field.
const MAX_DAYS = 365;

interface Props {
  open: boolean;
  onClose: () => void;
  onCreated: (token: ApiTokenCreated) => void;
}

export function ApiTokenDrawer({ open, onClose, onCreated }: Props) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const create = useCreateApiToken();
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
  }, [open, form]);

  const submit = async (values: Values) => {
    setFormError(null);
    try {
      onCreated(await create.mutateAsync({
        name: values.name.trim(),
        scopes: values.scopes,
        expires_in_days: values.expires_in_days,
      }));
    } catch (error) {
      const shown = formProblem(error, FIELDS, t);
      form.setFields(shown.fields);
      setFormError(shown.message);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={520}
      title={t('apiTokens.createTitle')}
      destroyOnHidden
      extra={(
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>{t('apiTokens.create')}</Button>
        </Space>
      )}
    >
      {formError && <Alert type="error" showIcon role="alert" message={t('error.formHasErrors')} description={formError} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        disabled={create.isPending}
        initialValues={{ scopes: ['read'], expires_in_days: MAX_DAYS }}
      >
        <Form.Item
          name="name"
          label={t('apiTokens.name')}
          extra={t('apiTokens.nameHelp')}
          rules={[{ required: true, whitespace: true, message: t('apiTokens.nameRequired') }]}
        >
          <Input autoComplete="off" maxLength={255} placeholder={t('apiTokens.namePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t('apiTokens.scopes')}
          extra={t('apiTokens.scopesHelp')}
          rules={[{ required: true, type: 'array', min: 1, message: t('scope.required') }]}
        >
          <ScopeSelect />
        </Form.Item>
        <Form.Item
          name="expires_in_days"
          label={t('apiTokens.expiresInDays')}
          extra={t('apiTokens.expiresHelp', { max: MAX_DAYS })}
          rules={[{ required: true, message: t('apiTokens.expiresRequired') }]}
        >
          <InputNumber min={1} max={MAX_DAYS} precision={0} addonAfter={t('apiTokens.days')} style={{ width: 200 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

import { Alert, Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useCreateApiClient, useUpdateApiClient } from '../../api/integrationQueries';
import { ApiProblem } from '../../api/problem';
import { ROLES, type ApiClient, type ApiClientCreated, type Role, type Scope } from '../../api/types';
import { Drawer } from '../../components/Drawer';
import { formProblem } from '../../components/formProblem';
import { UnitSelect } from '../../components/UnitSelect';
import { useT } from '../../i18n';
import { ScopeSelect } from './ScopeSelect';

interface Values {
  name: string;
  client_id: string;
  unit_id: number | null;
  roles: Role[];
  scopes: Scope[];
  rate_limit_per_minute: number | null;
}

const FIELDS = ['name', 'client_id', 'unit_id', 'roles', 'scopes', 'rate_limit_per_minute'] as const;
const MAX_RATE = 100_000;

interface Props {
  /** The client to edit; null to register one; undefined while closed. */
  client: ApiClient | null | undefined;
  onClose: () => void;
  /** A new client comes with its secret, to be shown once. */
  onCreated: (client: ApiClientCreated) => void;
  onSaved: (client: ApiClient) => void;
}

/**
 * Registers an API client (the portal) or edits one. What a client is (its id, unit and roles,
 * held by its service account) is fixed at registration; its scopes and rate limit can change.
 */
export function ApiClientDrawer({ client, onClose, onCreated, onSaved }: Props) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const create = useCreateApiClient();
  const update = useUpdateApiClient();
  const [formError, setFormError] = useState<string | null>(null);
  const open = client !== undefined;
  const editing = client ?? null;

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    form.setFieldsValue(editing
      ? {
        name: editing.name,
        client_id: editing.client_id,
        unit_id: editing.unit?.id ?? null,
        roles: editing.roles,
        scopes: editing.scopes,
        rate_limit_per_minute: editing.rate_limit_per_minute,
      }
      : { unit_id: null, roles: ['viewer'], scopes: ['read'], rate_limit_per_minute: null });
  }, [open, editing, form]);

  const submit = async (values: Values) => {
    setFormError(null);
    try {
      if (editing) {
        onSaved(await update.mutateAsync({
          id: editing.id,
          body: { scopes: values.scopes, rate_limit_per_minute: values.rate_limit_per_minute ?? null },
        }));
      } else {
        onCreated(await create.mutateAsync({
          name: values.name.trim(),
          client_id: values.client_id.trim(),
          unit_id: values.unit_id,
          roles: values.roles,
          scopes: values.scopes,
          rate_limit_per_minute: values.rate_limit_per_minute ?? null,
        }));
      }
    } catch (error) {
      showProblem(error);
    }
  };

  const showProblem = (error: unknown) => {
    const shown = formProblem(error, FIELDS, t);
    if (shown.fields.length === 0 && error instanceof ApiProblem && error.code === 'client_id_taken') {
      form.setFields([{ name: 'client_id', errors: [t('apiClients.clientIdTaken')] }]);
      return;
    }
    form.setFields(shown.fields);
    setFormError(shown.message);
  };

  const saving = create.isPending || update.isPending;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={560}
      title={editing ? t('apiClients.editTitle', { name: editing.name }) : t('apiClients.createTitle')}
      destroyOnHidden
      extra={(
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {editing ? t('common.save') : t('apiClients.register')}
          </Button>
        </Space>
      )}
    >
      {formError && <Alert type="error" showIcon role="alert" message={t('error.formHasErrors')} description={formError} style={{ marginBottom: 16 }} />}
      {editing && <Alert type="info" showIcon message={t('apiClients.editHelp')} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={(values) => void submit(values)} disabled={saving}>
        <Form.Item name="name" label={t('apiClients.name')} rules={[{ required: true, whitespace: true, message: t('apiClients.nameRequired') }]}>
          <Input autoComplete="off" maxLength={255} disabled={editing !== null} placeholder={t('apiClients.namePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="client_id"
          label={t('apiClients.clientId')}
          extra={editing ? undefined : t('apiClients.clientIdHelp')}
          rules={[{ required: true, whitespace: true, message: t('apiClients.clientIdRequired') }]}
        >
          <Input autoComplete="off" maxLength={48} disabled={editing !== null} placeholder="lgsp-binhphuoc" />
        </Form.Item>
        {editing
          ? (
            <Form.Item label={t('apiClients.unit')} htmlFor="api-client-unit">
              <Input id="api-client-unit" disabled value={editing.unit?.name ?? t('apiClients.wholeCountry')} />
            </Form.Item>
          )
          : (
            <Form.Item name="unit_id" label={t('apiClients.unit')} extra={t('apiClients.unitHelp')}>
              <UnitSelect />
            </Form.Item>
          )}
        <Form.Item
          name="roles"
          label={t('apiClients.roles')}
          extra={editing ? undefined : t('apiClients.rolesHelp')}
          rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}
        >
          <Select<Role[]> mode="multiple" disabled={editing !== null} options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))} />
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t('apiClients.scopes')}
          extra={t('apiClients.scopesHelp')}
          rules={[{ required: true, type: 'array', min: 1, message: t('scope.required') }]}
        >
          <ScopeSelect />
        </Form.Item>
        <Form.Item name="rate_limit_per_minute" label={t('apiClients.rateLimit')} extra={t('apiClients.rateLimitHelp')}>
          <InputNumber min={1} max={MAX_RATE} precision={0} addonAfter={t('apiClients.perMinute')} style={{ width: 240 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

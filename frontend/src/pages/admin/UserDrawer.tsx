import { Alert, Button, Form, Input, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { ApiProblem } from '../../api/problem';
import { useCreateUser, useUpdateUser } from '../../api/queries';
import { ROLES, type Role, type User, type UserUpdate } from '../../api/types';
import { Drawer } from '../../components/Drawer';
import { formProblem } from '../../components/formProblem';
import { problemText } from '../../components/problemText';
import { useT } from '../../i18n';
import { UnitSelect } from '../../components/UnitSelect';

interface Values {
  username: string;
  full_name: string;
  unit_id: number | null;
  roles: Role[];
  password?: string;
  email?: string;
}

const FIELDS = ['username', 'full_name', 'unit_id', 'roles', 'password', 'email'] as const;

interface Props {
  /** The user to edit; null to create one; undefined while closed. */
  user: User | null | undefined;
  onClose: () => void;
  onSaved: (user: User, created: boolean) => void;
}

export function UserDrawer({ user, onClose, onSaved }: Props) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [formError, setFormError] = useState<string | null>(null);
  const open = user !== undefined;
  const editing = user ?? null;

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    form.setFieldsValue(editing
      ? { username: editing.username, full_name: editing.full_name, unit_id: editing.unit?.id ?? null, roles: editing.roles, email: editing.email ?? '' }
      : { unit_id: null, roles: [] });
  }, [open, editing, form]);

  const submit = async (values: Values) => {
    setFormError(null);
    try {
      if (editing) {
        const body: UserUpdate = { full_name: values.full_name, unit_id: values.unit_id, roles: values.roles, email: values.email?.trim() || null };
        if (values.password) body.password = values.password;
        onSaved(await update.mutateAsync({ id: editing.id, body }), false);
      } else {
        onSaved(await create.mutateAsync({
          username: values.username.trim(),
          full_name: values.full_name,
          unit_id: values.unit_id,
          roles: values.roles,
          password: values.password ?? '',
          email: values.email?.trim() || null,
        }), true);
      }
    } catch (error) {
      showProblem(error);
    }
  };

  const showProblem = (error: unknown) => {
    const shown = formProblem(error, FIELDS, t);
    if (shown.fields.length === 0 && error instanceof ApiProblem && error.code === 'username_taken') {
      // A taken username is a conflict rather than a validation error, but it belongs to that field.
      form.setFields([{ name: 'username', errors: [problemText(error, t)] }]);
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
      width={480}
      title={editing ? t('users.editTitle', { username: editing.username }) : t('users.createTitle')}
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
        <Form.Item name="username" label={t('users.username')} extra={editing ? undefined : t('users.usernameHelp')} rules={[{ required: true, whitespace: true, message: t('users.usernameRequired') }]}>
          <Input autoComplete="off" disabled={editing !== null} />
        </Form.Item>
        <Form.Item name="full_name" label={t('users.fullName')} rules={[{ required: true, whitespace: true, message: t('users.fullNameRequired') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="email" label={t('notifications.emailAddress')} rules={[{ type: 'email', message: t('notifications.emailInvalid') }]}>
          <Input type="email" autoComplete="off" />
        </Form.Item>
        <Form.Item name="unit_id" label={t('users.unit')} extra={t('users.noUnit')}>
          <UnitSelect initial={editing?.unit ?? null} />
        </Form.Item>
        <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}>
          <Select<Role[]> mode="multiple" options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.password')}
          extra={editing ? t('users.passwordKeep') : undefined}
          rules={editing ? [] : [{ required: true, message: t('users.passwordRequired') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

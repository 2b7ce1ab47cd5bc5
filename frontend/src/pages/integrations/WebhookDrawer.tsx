import { Alert, Button, Form, Input, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useApiClients, useCreateWebhook, useUpdateWebhook } from '../../api/integrationQueries';
import { WEBHOOK_EVENTS, type Webhook, type WebhookCreated, type WebhookEvent } from '../../api/types';
import { Drawer } from '../../components/Drawer';
import { formProblem } from '../../components/formProblem';
import { UnitSelect, type UnitOption } from '../../components/UnitSelect';
import { useT } from '../../i18n';
import { webhookEventLabel } from '../../lib/integrations';

interface Values {
  name: string;
  url: string;
  events: WebhookEvent[];
  unit_id: number | null;
  client_id: number | null;
}

const FIELDS = ['name', 'url', 'events', 'unit_id', 'client_id'] as const;

interface Props {
  /** The webhook to edit; null to create one; undefined while closed. */
  webhook: Webhook | null | undefined;
  onClose: () => void;
  /** A new webhook comes with its signing secret, to be shown once. */
  onCreated: (webhook: WebhookCreated) => void;
  onSaved: (webhook: Webhook) => void;
}

/** Creates a webhook, or changes the URL and events of one (its unit and client are fixed). */
export function WebhookDrawer({ webhook, onClose, onCreated, onSaved }: Props) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const open = webhook !== undefined;
  const editing = webhook ?? null;
  const clients = useApiClients({ enabled: open });
  const [formError, setFormError] = useState<string | null>(null);
  const [unitShown, setUnitShown] = useState<UnitOption | null>(null);

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    setUnitShown(null);
    form.resetFields();
    form.setFieldsValue(editing
      ? { name: editing.name, url: editing.url, events: editing.events, unit_id: editing.unit_id, client_id: editing.client_id }
      : { events: [], unit_id: null, client_id: null });
  }, [open, editing, form]);

  const submit = async (values: Values) => {
    setFormError(null);
    try {
      if (editing) {
        onSaved(await update.mutateAsync({ id: editing.id, body: { url: values.url.trim(), events: values.events } }));
      } else {
        onCreated(await create.mutateAsync({
          name: values.name.trim(),
          url: values.url.trim(),
          events: values.events,
          unit_id: values.unit_id,
          client_id: values.client_id ?? null,
        }));
      }
    } catch (error) {
      const shown = formProblem(error, FIELDS, t);
      form.setFields(shown.fields);
      setFormError(shown.message);
    }
  };

  /** `*` takes in every event: choosing it drops the others, choosing another drops it. */
  const normaliseEvents = (next: WebhookEvent[]): WebhookEvent[] => {
    const previous = form.getFieldValue('events') as WebhookEvent[] | undefined ?? [];
    if (next.includes('*') && !previous.includes('*')) return ['*'];
    if (next.length > 1 && next.includes('*')) return next.filter((e) => e !== '*');
    return next;
  };

  /** A client sees its own subtree: its unit is the natural default of its webhook. */
  const pickClient = (clientId: number | null) => {
    const chosen = clients.data?.find((c) => c.id === clientId);
    if (chosen?.unit && form.getFieldValue('unit_id') === null) {
      form.setFieldValue('unit_id', chosen.unit.id);
      setUnitShown({ id: chosen.unit.id, name: chosen.unit.name });
    }
  };

  const saving = create.isPending || update.isPending;
  const clientName = (id: number | null) => clients.data?.find((c) => c.id === id)?.name ?? (id === null ? t('webhooks.noClient') : `#${id}`);
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={560}
      title={editing ? t('webhooks.editTitle', { name: editing.name }) : t('webhooks.createTitle')}
      destroyOnHidden
      extra={(
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {editing ? t('common.save') : t('webhooks.create')}
          </Button>
        </Space>
      )}
    >
      {formError && <Alert type="error" showIcon role="alert" message={t('error.formHasErrors')} description={formError} style={{ marginBottom: 16 }} />}
      {editing && <Alert type="info" showIcon message={t('webhooks.editHelp')} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={(values) => void submit(values)} disabled={saving}>
        <Form.Item name="name" label={t('webhooks.name')} rules={[{ required: true, whitespace: true, message: t('webhooks.nameRequired') }]}>
          <Input autoComplete="off" maxLength={255} disabled={editing !== null} placeholder={t('webhooks.namePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="url"
          label={t('webhooks.url')}
          extra={t('webhooks.urlHelp')}
          rules={[{ required: true, whitespace: true, message: t('webhooks.urlRequired') }]}
        >
          <Input autoComplete="off" inputMode="url" placeholder="https://" />
        </Form.Item>
        <Form.Item
          name="events"
          label={t('webhooks.events')}
          extra={t('webhooks.eventsHelp')}
          getValueFromEvent={normaliseEvents}
          rules={[{ required: true, type: 'array', min: 1, message: t('webhooks.eventsRequired') }]}
        >
          <Select<WebhookEvent[]>
            mode="multiple"
            options={WEBHOOK_EVENTS.map((event) => ({ value: event, label: webhookEventLabel(event, t) }))}
          />
        </Form.Item>
        {editing
          ? (
            <Form.Item label={t('webhooks.client')} htmlFor="webhook-client">
              <Input id="webhook-client" disabled value={clientName(editing.client_id)} />
            </Form.Item>
          )
          : (
            <Form.Item name="client_id" label={t('webhooks.client')} extra={t('webhooks.clientHelp')}>
              <Select<number | null>
                allowClear
                placeholder={t('webhooks.noClient')}
                loading={clients.isFetching}
                onChange={(id) => pickClient(id ?? null)}
                options={(clients.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.client_id})` }))}
              />
            </Form.Item>
          )}
        {!editing && (
          <Form.Item name="unit_id" label={t('webhooks.unit')} extra={t('webhooks.unitHelp')}>
            <UnitSelect initial={unitShown} />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}

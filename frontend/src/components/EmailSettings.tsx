import { App, Form, Input, Modal, Switch } from 'antd';
import { useUpdateOwnSettings } from '../api/notificationQueries';
import type { Me } from '../api/types';
import { useT } from '../i18n';
import { formProblem } from './formProblem';

const FIELDS = ['email', 'email_notifications'] as const;

interface Values {
  email: string;
  email_notifications: boolean;
}

/** The user's own address for the daily digest of notifications, and turning the digest off. */
export default function EmailSettings({ me, open, onClose }: { me: Me; open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const update = useUpdateOwnSettings();

  const save = async (values: Values) => {
    try {
      await update.mutateAsync({ email: values.email.trim() || null, email_notifications: values.email_notifications });
      void message.success(t('notifications.saved'));
      onClose();
    } catch (error) {
      const shown = formProblem(error, FIELDS, t);
      form.setFields(shown.fields);
      if (shown.message) void message.error(shown.message);
    }
  };

  return (
    <Modal
      title={t('notifications.emailTitle')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={update.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ email: me.email ?? '', email_notifications: me.email_notifications }}
        onFinish={(values) => void save(values)}
      >
        <Form.Item name="email" label={t('notifications.emailAddress')} rules={[{ type: 'email', message: t('notifications.emailInvalid') }]}>
          <Input type="email" autoComplete="email" placeholder="ten@donvi.gov.vn" />
        </Form.Item>
        <Form.Item name="email_notifications" label={t('notifications.email')} valuePropName="checked" extra={t('notifications.emailHelp')}>
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

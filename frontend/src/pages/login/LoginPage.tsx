import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api } from '../../api';
import { ApiProblem } from '../../api/problem';
import { useSession } from '../../api/queries';
import type { LoginState } from '../../app/guards';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { PageTitle } from '../../components/PageTitle';
import { problemText } from '../../components/problemText';
import { useT, type Translate } from '../../i18n';
import { fieldErrorMessage } from '../../i18n/fieldErrors';
import { formatDateTime } from '../../lib/format';

interface Credentials {
  username: string;
  password: string;
}

const FIELDS = ['username', 'password'] as const;

/** What went wrong with a sign-in, in the user's words. */
function signInError(error: unknown, t: Translate): string {
  if (error instanceof ApiProblem) {
    switch (error.code) {
      case 'invalid_credentials':
        return t('login.invalid');
      case 'account_locked':
        return error.lockedUntil
          ? t('login.locked', { until: formatDateTime(error.lockedUntil) })
          : t('login.lockedNoTime');
      case 'account_disabled':
      case 'account_inactive':
        return t('login.inactive');
    }
  }
  return problemText(error, t);
}

export function LoginPage() {
  const t = useT();
  const [form] = Form.useForm<Credentials>();
  const navigate = useNavigate();
  const location = useLocation();
  const session = useSession();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const from = (location.state as LoginState | null)?.from ?? '/';

  if (session && !submitting) return <Navigate to={from} replace />;

  const submit = async ({ username, password }: Credentials) => {
    setError(null);
    setSubmitting(true);
    try {
      await api.signIn(username.trim(), password);
      void navigate(from, { replace: true });
    } catch (caught) {
      if (caught instanceof ApiProblem && caught.errors.length > 0) {
        const { fields } = caught.formFields(FIELDS, (e) => fieldErrorMessage(e, t));
        form.setFields(fields);
      }
      setError(signInError(caught, t));
      setSubmitting(false);
    }
  };

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 24 }}>
      <div style={{ position: 'absolute', top: 16, right: 24 }}><LanguageSwitch /></div>
      <main style={{ width: '100%', maxWidth: 400 }}>
        <Flex vertical align="center" style={{ marginBottom: 24 }}>
          <Typography.Text strong style={{ fontSize: 32, color: '#b71c1c' }}>{t('app.name')}</Typography.Text>
          <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
        </Flex>
        <Card>
          <PageTitle title={t('login.title')} />
          {error && (
            <Alert type="error" showIcon message={t('login.failed')} description={error} role="alert" style={{ marginBottom: 16 }} />
          )}
          <Form<Credentials> form={form} layout="vertical" requiredMark={false} onFinish={(values) => void submit(values)} disabled={submitting}>
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
              <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={submitting}>{t('login.submit')}</Button>
          </Form>
        </Card>
      </main>
    </Flex>
  );
}

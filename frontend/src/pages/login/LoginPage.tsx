import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Divider, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api';
import { unwrap } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { useSession } from '../../api/queries';
import type { LoginState } from '../../app/guards';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { PageTitle } from '../../components/PageTitle';
import { problemText } from '../../components/problemText';
import { hasMessage, useT, type Translate } from '../../i18n';
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
    }
  }
  return problemText(error, t);
}

/** Whether the province's identity provider is offered, and its name (asked without a session). */
function useSso() {
  return useQuery({
    queryKey: ['auth', 'sso'],
    queryFn: () => unwrap(api.client.GET('/api/v1/auth/sso')),
    staleTime: Infinity,
  });
}

/** Why the identity provider's sign-in came back refused (the server names the reason). */
function ssoErrorText(reason: string, t: Translate): string {
  const key = `login.ssoError.${reason}`;
  return hasMessage(key) ? t(key) : t('login.ssoError.provider');
}

export function LoginPage() {
  const t = useT();
  const sso = useSso();
  const [params] = useSearchParams();
  const ssoError = params.get('sso_error');
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
          {(error ?? ssoError) && (
            <Alert type="error" showIcon message={t('login.failed')} description={error ?? ssoErrorText(ssoError ?? '', t)} role="alert" style={{ marginBottom: 16 }} />
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
          {sso.data?.enabled && (
            <>
              <Divider plain>{t('login.or')}</Divider>
              {/* A navigation, not a fetch: the browser goes to the provider and comes back. */}
              <Button block size="large" icon={<SafetyCertificateOutlined aria-hidden />} style={{ whiteSpace: 'normal', height: 'auto', minHeight: 40, paddingBlock: 8 }} href={`/api/v1/auth/sso/login?${new URLSearchParams({ next: from }).toString()}`}>
                {t('login.sso', { provider: sso.data.label ?? t('login.ssoDefault') })}
              </Button>
            </>
          )}
        </Card>
      </main>
    </Flex>
  );
}

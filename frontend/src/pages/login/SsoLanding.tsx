import { Flex, Spin } from 'antd';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api';
import { useT } from '../../i18n';

/**
 * Where the server sends the browser back from the identity provider: QCDC's tokens arrive in the
 * URL fragment (never sent to a server), are kept like a password sign-in's, and the fragment is
 * replaced at once so it stays in no history entry.
 */
export function SsoLanding() {
  const t = useT();
  const navigate = useNavigate();

  useEffect(() => {
    const answer = new URLSearchParams(window.location.hash.slice(1));
    const accessToken = answer.get('access_token');
    const expiresIn = Number(answer.get('expires_in'));
    if (!accessToken || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      void navigate('/login?sso_error=state', { replace: true });
      return;
    }
    api.session.set({ access_token: accessToken, token_type: 'bearer', expires_in: expiresIn, refresh_token: answer.get('refresh_token') || null });
    const next = answer.get('next') ?? '/';
    void navigate(next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
  }, [navigate]);

  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" tip={t('login.ssoFinishing')}><div style={{ width: 200, height: 80 }} /></Spin>
    </Flex>
  );
}

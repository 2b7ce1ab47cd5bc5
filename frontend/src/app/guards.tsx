import { Flex, Spin } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe, useSession } from '../api/queries';
import { useT } from '../i18n';
import { CurrentUserContext, currentUserOf } from './CurrentUser';

// Rarely shown, and its illustrations are heavy: fetched only when needed.
const QueryError = lazy(async () => ({ default: (await import('../components/QueryError')).QueryError }));

export interface LoginState {
  from?: string;
}

/** Pages behind sign-in: without a session, go to /login and come back here afterwards. */
export function RequireSession() {
  const t = useT();
  const session = useSession();
  const location = useLocation();
  const me = useMe();
  const value = useMemo(() => (me.data ? currentUserOf(me.data) : null), [me.data]);

  if (!session) {
    const state: LoginState = { from: `${location.pathname}${location.search}` };
    return <Navigate to="/login" replace state={state} />;
  }
  if (me.isError) {
    return <Suspense><QueryError error={me.error} onRetry={() => void me.refetch()} /></Suspense>;
  }
  if (!value) {
    return (
      <Flex align="center" justify="center" style={{ height: '100vh' }}>
        <Spin size="large" tip={t('app.loading')}><div style={{ width: 120, height: 60 }} /></Spin>
      </Flex>
    );
  }
  return (
    <CurrentUserContext.Provider value={value}>
      <Outlet />
    </CurrentUserContext.Provider>
  );
}

import { Result } from 'antd';
import { Outlet } from 'react-router';
import { useT } from '../i18n';
import type { Permissions } from '../lib/permissions';
import { useCurrentUser } from './CurrentUser';

/** Pages for some roles only: the menu hides them, this answers a typed-in or old link. */
export function RequirePermission({ permission }: { permission: keyof Permissions }) {
  const t = useT();
  const { can } = useCurrentUser();
  if (!can[permission]) {
    return <Result status="403" title={t('error.forbiddenTitle')} subTitle={t('error.forbidden')} />;
  }
  return <Outlet />;
}

import {
  ApartmentOutlined, AuditOutlined, ClusterOutlined, DashboardOutlined, CheckSquareOutlined, FileDoneOutlined, FileTextOutlined, LineChartOutlined,
  ScheduleOutlined, SettingOutlined, TeamOutlined,
} from '@ant-design/icons';
import { ApiOutlined, BranchesOutlined, FileExcelOutlined, ProfileOutlined, SendOutlined } from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Translate } from '../i18n';
import type { Permissions } from '../lib/permissions';

export type MenuItem = Required<MenuProps>['items'][number];

/** The menu a user sees: a section appears once its pages exist and the user's roles can use them. */
export function menuItems(can: Permissions, t: Translate): MenuItem[] {
  const link = (path: string, icon: ReactNode, label: string): MenuItem => ({
    key: path, icon, label: <Link to={path}>{label}</Link>,
  });
  const items: MenuItem[] = [
    link('/', <DashboardOutlined aria-hidden />, t('nav.dashboard')),
    link('/units', <ApartmentOutlined aria-hidden />, t('nav.units')),
  ];
  if (can.canView) items.push(link('/plans', <FileTextOutlined aria-hidden />, t('nav.plans')));
  if (can.hasUnit) items.push(link('/tasks', <ScheduleOutlined aria-hidden />, t('nav.tasks')));
  if (can.canWriteReports) items.push(link('/reports', <FileDoneOutlined aria-hidden />, t('nav.reports')));
  if (can.canImportFigures) items.push(link('/figures-import', <FileExcelOutlined aria-hidden />, t('nav.figuresImport')));
  if (can.canReview) items.push(link('/review', <CheckSquareOutlined aria-hidden />, t('nav.review')));
  if (can.canView) items.push(link('/indicators', <LineChartOutlined aria-hidden />, t('nav.indicators')));
  if (can.canView) items.push(link('/reporting-forms', <ProfileOutlined aria-hidden />, t('nav.reportingForms')));
  const reorganisation = link('/admin/reorganisation', <BranchesOutlined aria-hidden />, t('nav.reorganisation'));
  if (can.isAdmin) {
    items.push({
      key: '/admin',
      icon: <SettingOutlined aria-hidden />,
      label: t('nav.admin'),
      children: [
        link('/admin/users', <TeamOutlined aria-hidden />, t('nav.users')),
        link('/admin/units', <ClusterOutlined aria-hidden />, t('nav.adminUnits')),
        reorganisation,
        link('/admin/audit', <AuditOutlined aria-hidden />, t('nav.audit')),
        link('/admin/api-clients', <ApiOutlined aria-hidden />, t('nav.apiClients')),
        link('/admin/webhooks', <SendOutlined aria-hidden />, t('nav.webhooks')),
      ],
    });
  } else if (can.canReorganise) {
    // A planner reorganises the units below its own, and administers nothing else.
    items.push({ key: '/admin', icon: <SettingOutlined aria-hidden />, label: t('nav.admin'), children: [reorganisation] });
  }
  return items;
}

/** The menu key of a path: the menu path it starts with (/units/42 → /units, / → the dashboard). */
export function selectedKey(pathname: string): string {
  const parts = pathname.split('/').filter(Boolean);
  if (parts[0] === 'admin') return `/admin/${parts[1] ?? 'users'}`;
  return `/${parts[0] ?? ''}`;
}

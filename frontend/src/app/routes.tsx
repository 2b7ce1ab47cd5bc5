import { Skeleton } from 'antd';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { RequireSession } from './guards';

/** React.lazy for a named export: every page is its own chunk, fetched on first visit. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const LoginPage = page(() => import('../pages/login/LoginPage'), 'LoginPage');
const SsoLanding = page(() => import('../pages/login/SsoLanding'), 'SsoLanding');
const AppShell = page(() => import('./AppShell'), 'AppShell');
const RequirePermission = lazy(async () => ({ default: (await import('./RequirePermission')).RequirePermission }));
const UnitsPage = page(() => import('../pages/units/UnitsPage'), 'UnitsPage');
const UnitsIndex = page(() => import('../pages/units/UnitsPage'), 'UnitsIndex');
const UnitDetail = page(() => import('../pages/units/UnitDetail'), 'UnitDetail');
const DocumentRegisterPage = page(() => import('../pages/units/DocumentRegister'), 'DocumentRegisterPage');
const UsersPage = page(() => import('../pages/admin/UsersPage'), 'UsersPage');
const AuditPage = page(() => import('../pages/admin/AuditPage'), 'AuditPage');
const ApiTokensPage = page(() => import('../pages/integrations/ApiTokensPage'), 'ApiTokensPage');
const ApiClientsPage = page(() => import('../pages/integrations/ApiClientsPage'), 'ApiClientsPage');
const WebhooksPage = page(() => import('../pages/integrations/WebhooksPage'), 'WebhooksPage');
const DashboardPage = page(() => import('../pages/dashboard/DashboardPage'), 'DashboardPage');
const PlansPage = page(() => import('../pages/plans/PlansPage'), 'PlansPage');
const PlanPage = page(() => import('../pages/plans/PlanPage'), 'PlanPage');
const PlanImportPage = page(() => import('../pages/plans/PlanImportPage'), 'PlanImportPage');
const ReportPage = page(() => import('../pages/submissions/SubmissionPage'), 'ReportPage');
const ReviewDetailPage = page(() => import('../pages/submissions/SubmissionPage'), 'ReviewDetailPage');
const UnitsAdminPage = page(() => import('../pages/admin/UnitsAdminPage'), 'UnitsAdminPage');
const ReorganisationPage = page(() => import('../pages/admin/ReorganisationPage'), 'ReorganisationPage');
const TasksPage = page(() => import('../pages/tasks/TasksPage'), 'TasksPage');
const FiguresImportPage = page(() => import('../pages/figures/FiguresImportPage'), 'FiguresImportPage');
const ReportsPage = page(() => import('../pages/submissions/SubmissionsPage'), 'ReportsPage');
const ReviewPage = page(() => import('../pages/submissions/SubmissionsPage'), 'ReviewPage');
const IndicatorsPage = page(() => import('../pages/indicators/IndicatorsPage'), 'IndicatorsPage');
const ReportingFormsPage = page(() => import('../pages/reportingForms/ReportingFormsPage'), 'ReportingFormsPage');
const NotFoundPage = page(() => import('../pages/NotFoundPage'), 'NotFoundPage');

function Loading({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Skeleton active style={{ padding: 24 }} />}>{children}</Suspense>;
}

export const router = createBrowserRouter([
  { path: '/login', element: <Loading><LoginPage /></Loading> },
  { path: '/login/sso', element: <Loading><SsoLanding /></Loading> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <Loading><AppShell /></Loading>,
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'account/api-tokens', element: <ApiTokensPage /> },
          {
            path: 'units',
            element: <UnitsPage />,
            children: [
              { index: true, element: <UnitsIndex /> },
              { path: ':id', element: <UnitDetail /> },
              { path: ':id/register', element: <DocumentRegisterPage /> },
            ],
          },
          {
            element: <RequirePermission permission="canView" />,
            children: [
              { path: 'plans', element: <PlansPage /> },
              { path: 'plans/:id', element: <PlanPage /> },
              { path: 'indicators', element: <IndicatorsPage /> },
              { path: 'reporting-forms', element: <ReportingFormsPage /> },
            ],
          },
          { element: <RequirePermission permission="hasUnit" />, children: [{ path: 'tasks', element: <TasksPage /> }] },
          { element: <RequirePermission permission="canPlan" />, children: [{ path: 'plans/import', element: <PlanImportPage /> }] },
          { element: <RequirePermission permission="canImportFigures" />, children: [{ path: 'figures-import', element: <FiguresImportPage /> }] },
          {
            element: <RequirePermission permission="canWriteReports" />,
            children: [{ path: 'reports', element: <ReportsPage /> }, { path: 'reports/:id', element: <ReportPage /> }],
          },
          {
            element: <RequirePermission permission="canReview" />,
            children: [{ path: 'review', element: <ReviewPage /> }, { path: 'review/:id', element: <ReviewDetailPage /> }],
          },
          // Under the admin menu, for planners too: they reorganise the units below their own.
          { element: <RequirePermission permission="canReorganise" />, children: [{ path: 'admin/reorganisation', element: <ReorganisationPage /> }] },
          {
            path: 'admin',
            element: <RequirePermission permission="isAdmin" />,
            children: [
              { index: true, element: <Navigate to="/admin/users" replace /> },
              { path: 'users', element: <UsersPage /> },
              { path: 'units', element: <UnitsAdminPage /> },
              { path: 'audit', element: <AuditPage /> },
              { path: 'api-clients', element: <ApiClientsPage /> },
              { path: 'webhooks', element: <WebhooksPage /> },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

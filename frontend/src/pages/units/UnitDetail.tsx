import { Alert, Breadcrumb, Card, Descriptions, Empty, Progress, Skeleton, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useAncestors, useChildren, useMe, useOrgUnit, useSubmissions, useTasks } from '../../api/queries';
import { useSuccessions } from '../../api/unitQueries';
import type { OrgUnit, SubmissionSummary, Task } from '../../api/types';
import { SubmissionStatusTag } from '../../components/StatusTag';
import { permissionsOf } from '../../lib/permissions';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { dayBefore } from '../../lib/days';
import { formatDate, formatNumber, formatPercent, formatPeriod } from '../../lib/format';
import { successionsOf, type SuccessionLink } from '../../lib/successions';
import { NotFoundPage } from '../NotFoundPage';
import { unitPath, useUnitsAsOf } from './asOf';

const PAGE_SIZE = 20;

export function UnitDetail() {
  const { id } = useParams();
  if (!id || !/^\d+$/.test(id)) return <NotFoundPage />;
  // Keyed by unit, so moving to another unit starts its children table on page 1.
  return <UnitDetailOf key={id} id={Number(id)} />;
}

function UnitDetailOf({ id }: { id: number }) {
  const { t } = useI18n();
  const unit = useOrgUnit(id);
  const ancestors = useAncestors(id);
  const [asOf] = useUnitsAsOf();

  if (unit.isPending) return <Card><Skeleton active /></Card>;
  if (unit.isError) {
    return <Card><QueryError error={unit.error} onRetry={() => void unit.refetch()} notFoundText={t('units.notFound')} /></Card>;
  }
  const u = unit.data;
  const above = (ancestors.data ?? []).filter((a) => a.id !== u.id);

  return (
    <Card>
      <nav aria-label={t('units.breadcrumb')}>
        <Breadcrumb
          style={{ marginBottom: 8 }}
          items={[
            ...above.map((a) => ({ key: a.id, title: <Link to={unitPath(a.id, asOf)}>{a.name}</Link> })),
            { key: u.id, title: u.name },
          ]}
        />
      </nav>
      <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
        {u.name}{' '}
        <Tag color="red" bordered={false} style={{ verticalAlign: 'middle' }}>{t(`kind.${u.kind}`)}</Tag>
      </Typography.Title>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, xxl: 3 }}
        items={[
          { key: 'code', label: t('units.code'), children: u.code },
          { key: 'kind', label: t('units.kind'), children: t(`kind.${u.kind}`) },
          { key: 'type', label: t('units.grassrootsType'), children: u.grassroots_type ? t(`grassroots.${u.grassroots_type}`) : t('common.none') },
          { key: 'from', label: t('units.validFrom'), children: formatDate(u.valid_from) },
          { key: 'to', label: t('units.validTo'), children: u.valid_to ? formatDate(u.valid_to) : t('units.stillValid') },
          { key: 'count', label: t('units.childCount'), children: <ChildCount unit={u} asOf={asOf} /> },
        ]}
      />
      <Reorganisation unit={u} asOf={asOf} />
      <ChildrenTable unit={u} asOf={asOf} />
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 24 }}>
        {t('units.reports')}{' '}
        <Link to={`/units/${u.id}/register`} style={{ fontSize: 14, fontWeight: 'normal' }}>{t('document.registerLink')}</Link>
      </Typography.Title>
      <UnitReports unit={u} />
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 24 }}>{t('units.tasks')}</Typography.Title>
      <UnitTasks unit={u} />
    </Card>
  );
}

/**
 * Where the unit came from and where it went in a reorganisation: its predecessors and successors
 * with the kind of change, a split's share and the day; a closed unit says so first.
 */
function Reorganisation({ unit, asOf }: { unit: OrgUnit; asOf: string | undefined }) {
  const { t, locale } = useI18n();
  const successions = useSuccessions(unit.id);
  const { predecessors, successors } = useMemo(() => successionsOf(unit.id, successions.data ?? []), [unit.id, successions.data]);

  const columns: TableColumnsType<SuccessionLink> = [
    {
      key: 'unit',
      title: t('units.name'),
      width: '34%',
      render: (_, row) => (
        <>
          <Link to={unitPath(row.unit.id, asOf)}>{row.unit.name}</Link>{' '}
          <Typography.Text type="secondary">({row.unit.code})</Typography.Text>
        </>
      ),
    },
    { key: 'kind', title: t('units.successionKind'), render: (_, row) => <Tag bordered={false} color={KIND_COLOR[row.kind]}>{t(`succession.${row.kind}`)}</Tag> },
    { key: 'share', title: t('units.share'), render: (_, row) => (row.share === null ? t('units.shareWhole') : formatPercent(row.share * 100, locale)) },
    { key: 'date', title: t('units.effectiveDate'), render: (_, row) => formatDate(row.effectiveDate) },
    { key: 'note', title: t('units.note'), render: (_, row) => row.note ?? t('common.none') },
  ];
  const table = (label: string, rows: SuccessionLink[]) => rows.length > 0 && (
    <Table<SuccessionLink>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={rows}
      pagination={false}
      title={() => <Typography.Text strong>{label}</Typography.Text>}
      aria-label={label}
      style={{ marginTop: 8 }}
    />
  );

  return (
    <>
      {unit.valid_to && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 16 }}
          message={t('units.closedOn', { date: formatDate(unit.valid_to) })}
          description={successors.length === 0 ? t('units.noSuccessor') : (
            <>
              {t('units.wentTo')}{' '}
              {successors.map((s, index) => (
                <span key={s.id}>
                  {index > 0 && ', '}
                  <Link to={unitPath(s.unit.id, asOf)}>{s.unit.name}</Link>
                  {' '}({t(`succession.${s.kind}`)}{s.share !== null ? `, ${formatPercent(s.share * 100, locale)}` : ''})
                </span>
              ))}
            </>
          )}
        />
      )}
      {(predecessors.length > 0 || successors.length > 0) && (
        <section aria-label={t('units.history')}>
          <Typography.Title level={3} style={{ fontSize: 16, marginTop: 24 }}>{t('units.history')}</Typography.Title>
          {table(t('units.predecessors'), predecessors)}
          {table(t('units.successors'), successors)}
        </section>
      )}
    </>
  );
}

const KIND_COLOR: Record<SuccessionLink['kind'], string> = { merge: 'blue', split: 'orange', rename: 'default' };

/**
 * The day whose units below are shown: the one chosen, or a closed unit's last day (today it has
 * none), or today.
 */
function childrenDay(unit: OrgUnit, asOf: string | undefined): string | undefined {
  return asOf ?? (unit.valid_to ? dayBefore(unit.valid_to) : undefined);
}

/** How many units are below on the day the table shows: its first page, so one request serves both. */
function ChildCount({ unit, asOf }: { unit: OrgUnit; asOf: string | undefined }) {
  const { locale } = useI18n();
  const day = childrenDay(unit, asOf);
  const children = useChildren(unit.id, 1, PAGE_SIZE, day);
  return <>{formatNumber(day ? children.data?.pagination.total : unit.child_count, locale)}</>;
}

/**
 * The units below on the tree's day; a closed unit, with no day chosen, shows those of its last day,
 * as today it has none.
 */
function ChildrenTable({ unit, asOf }: { unit: OrgUnit; asOf: string | undefined }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const day = childrenDay(unit, asOf);
  const children = useChildren(unit.id, page, PAGE_SIZE, day);
  const heading = (
    <Typography.Title level={3} style={{ fontSize: 16, marginTop: 24 }}>
      {day ? t('units.childrenOn', { date: formatDate(day) }) : t('units.children')}
    </Typography.Title>
  );

  if (children.isError) return <>{heading}<QueryError error={children.error} onRetry={() => void children.refetch()} /></>;

  const columns: TableColumnsType<OrgUnit> = [
    { key: 'code', title: t('units.code'), dataIndex: 'code', width: 110 },
    { key: 'name', title: t('units.name'), width: '38%', render: (_, row) => <Link to={unitPath(row.id, asOf)}>{row.name}</Link> },
    { key: 'kind', title: t('units.kind'), render: (_, row) => t(`kind.${row.kind}`) },
    {
      key: 'type',
      title: t('units.grassrootsType'),
      render: (_, row) => (row.grassroots_type ? t(`grassroots.${row.grassroots_type}`) : t('common.none')),
    },
    { key: 'count', title: t('units.childCount'), align: 'right', width: 120, render: (_, row) => formatNumber(row.child_count, locale) },
  ];

  return (
    <>
      {heading}
      <Table<OrgUnit>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={children.data?.items ?? []}
        loading={children.isFetching}
        onRow={(row) => ({ onDoubleClick: () => void navigate(unitPath(row.id, asOf)) })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('units.noChildren')} /> }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: children.data?.pagination.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (total) => t('common.total', { total: formatNumber(total, locale) }),
        }}
      />
    </>
  );
}

/** The unit's reports, newest period first; reviewers open them in the review, reporters in the form. */
function UnitReports({ unit }: { unit: OrgUnit }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const can = permissionsOf(me.data);
  const [page, setPage] = useState(1);
  const reports = useSubmissions({ status: undefined, period: '', unit_id: unit.id, page, limit: PAGE_SIZE });

  if (reports.isError) return <QueryError error={reports.error} onRetry={() => void reports.refetch()} />;
  const opener = can.canReview ? '/review' : can.canReport ? '/reports' : null;

  const columns: TableColumnsType<SubmissionSummary> = [
    {
      key: 'form',
      title: t('submissions.form'),
      render: (_, row) => (opener ? <Link to={`${opener}/${row.id}`}>{row.form.name}</Link> : row.form.name),
    },
    { key: 'period', title: t('submissions.period'), render: (_, row) => formatPeriod(row.period, locale) },
    { key: 'status', title: t('submissions.status'), render: (_, row) => <SubmissionStatusTag status={row.status} /> },
    { key: 'deadline', title: t('submissions.deadline'), render: (_, row) => formatDate(row.deadline) },
    {
      key: 'onTime',
      title: t('submissions.onTime'),
      render: (_, row) => (row.on_time === null ? t('common.none') : row.on_time ? t('submissions.onTime') : t('submissions.late')),
    },
  ];
  return (
    <Table<SubmissionSummary>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={reports.data?.items ?? []}
      loading={reports.isFetching}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('units.noReports')} /> }}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total: reports.data?.pagination.total ?? 0,
        onChange: setPage,
        showSizeChanger: false,
        hideOnSinglePage: true,
      }}
    />
  );
}

/** The tasks that fall to the unit, named or as a member of a group, with their progress. */
function UnitTasks({ unit }: { unit: OrgUnit }) {
  const { t, locale } = useI18n();
  const [page, setPage] = useState(1);
  const tasks = useTasks({ overdue: undefined, dueWithinDays: undefined, assigneeId: unit.id, page, limit: PAGE_SIZE });

  if (tasks.isError) return <QueryError error={tasks.error} onRetry={() => void tasks.refetch()} />;

  const columns: TableColumnsType<Task> = [
    { key: 'task', title: t('tasks.task'), render: (_, row) => `${row.section_number} ${row.section_title}` },
    { key: 'plan', title: t('tasks.plan'), render: (_, row) => <Link to={`/plans/${row.plan.id}`}>{row.plan.symbol}</Link> },
    { key: 'nextDue', title: t('tasks.nextDue'), render: (_, row) => formatDate(row.next_due) },
    {
      key: 'progress',
      title: t('tasks.progress'),
      width: 200,
      render: (_, row) => (
        <Progress
          percent={row.percent}
          size="small"
          status={row.overdue ? 'exception' : undefined}
          format={(p) => formatPercent(p ?? 0, locale)}
          aria-label={row.overdue ? t('tasks.isOverdue') : t('tasks.progress')}
        />
      ),
    },
  ];
  return (
    <Table<Task>
      size="small"
      rowKey={(row) => `${row.assignment_id}-${row.unit.id}`}
      columns={columns}
      dataSource={tasks.data?.items ?? []}
      loading={tasks.isFetching}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('units.noTasks')} /> }}
      pagination={{
        current: page, pageSize: PAGE_SIZE, total: tasks.data?.pagination.total ?? 0,
        onChange: setPage, hideOnSinglePage: true, showSizeChanger: false,
      }}
    />
  );
}

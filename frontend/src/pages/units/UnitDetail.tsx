import { Alert, Breadcrumb, Card, Descriptions, Empty, Progress, Skeleton, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useAncestors, useChildren, useMe, useOrgUnit, useSubmissions, useTasks } from '../../api/queries';
import { useSuccessions } from '../../api/unitQueries';
import type { OrgUnit, SubmissionSummary, Task } from '../../api/types';
import { SubmissionStatusTag } from '../../components/StatusTag';
import { permissionsOf } from '../../lib/permissions';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { formatDate, formatNumber, formatPercent, formatPeriod } from '../../lib/format';
import { NotFoundPage } from '../NotFoundPage';

const PAGE_SIZE = 20;

export function UnitDetail() {
  const { id } = useParams();
  if (!id || !/^\d+$/.test(id)) return <NotFoundPage />;
  // Keyed by unit, so moving to another unit starts its children table on page 1.
  return <UnitDetailOf key={id} id={Number(id)} />;
}

function UnitDetailOf({ id }: { id: number }) {
  const { t, locale } = useI18n();
  const unit = useOrgUnit(id);
  const ancestors = useAncestors(id);

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
            ...above.map((a) => ({ key: a.id, title: <Link to={`/units/${a.id}`}>{a.name}</Link> })),
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
          { key: 'count', label: t('units.childCount'), children: formatNumber(u.child_count, locale) },
        ]}
      />
      <Successions unit={u} />
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 24 }}>{t('units.children')}</Typography.Title>
      <ChildrenTable unit={u} />
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

/** Merges and splits this unit took part in: where its history went, or came from. */
function Successions({ unit }: { unit: OrgUnit }) {
  const { t } = useI18n();
  const successions = useSuccessions(unit.id);
  if (!successions.data || successions.data.length === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginTop: 16 }}
      message={t('units.successions')}
      description={successions.data.map((s) => (
        <div key={s.id}>
          {s.predecessor.id === unit.id
            ? t('units.succeededBy', { kind: t(`succession.${s.kind}`), date: formatDate(s.effective_date) })
            : t('units.succeeds', { kind: t(`succession.${s.kind}`), date: formatDate(s.effective_date) })}{' '}
          <Link to={`/units/${s.predecessor.id === unit.id ? s.successor.id : s.predecessor.id}`}>
            {s.predecessor.id === unit.id ? s.successor.name : s.predecessor.name}
          </Link>
          {s.note && <Typography.Text type="secondary"> · {s.note}</Typography.Text>}
        </div>
      ))}
    />
  );
}

function ChildrenTable({ unit }: { unit: OrgUnit }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const children = useChildren(unit.id, page, PAGE_SIZE);

  if (children.isError) return <QueryError error={children.error} onRetry={() => void children.refetch()} />;

  const columns: TableColumnsType<OrgUnit> = [
    { key: 'code', title: t('units.code'), dataIndex: 'code', width: 110 },
    { key: 'name', title: t('units.name'), width: '38%', render: (_, row) => <Link to={`/units/${row.id}`}>{row.name}</Link> },
    { key: 'kind', title: t('units.kind'), render: (_, row) => t(`kind.${row.kind}`) },
    {
      key: 'type',
      title: t('units.grassrootsType'),
      render: (_, row) => (row.grassroots_type ? t(`grassroots.${row.grassroots_type}`) : t('common.none')),
    },
    { key: 'count', title: t('units.childCount'), align: 'right', width: 120, render: (_, row) => formatNumber(row.child_count, locale) },
  ];

  return (
    <Table<OrgUnit>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={children.data?.items ?? []}
      loading={children.isFetching}
      onRow={(row) => ({ onDoubleClick: () => void navigate(`/units/${row.id}`) })}
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
  const tasks = useTasks({ overdue: undefined, dueWithinDays: undefined, assigneeId: unit.id });

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
      dataSource={tasks.data ?? []}
      loading={tasks.isFetching}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('units.noTasks')} /> }}
      pagination={{ pageSize: PAGE_SIZE, hideOnSinglePage: true, showSizeChanger: false }}
    />
  );
}

import { Button, Card, Empty, Progress, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTasks, type TaskFilters } from '../../api/queries';
import type { Occurrence, Task } from '../../api/types';
import { useCurrentUser } from '../../app/CurrentUser';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { ProgressStatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { EvidenceList } from './EvidenceList';
import { ProgressDrawer } from './ProgressDrawer';

type View = 'all' | 'overdue' | 'soon';

const PAGE_SIZE = 20;

const FILTERS: Record<View, Omit<TaskFilters, 'page' | 'limit'>> = {
  all: { overdue: undefined, dueWithinDays: undefined },
  overdue: { overdue: true, dueWithinDays: undefined },
  soon: { overdue: undefined, dueWithinDays: 30 },
};

function isView(value: string | null): value is View {
  return value === 'all' || value === 'overdue' || value === 'soon';
}

/** The date a task is waited on: its next deadline, or the first it has already missed. */
export function dueOf(task: Task): string | null {
  return task.next_due ?? task.occurrences.find((o) => o.overdue)?.due_date ?? null;
}

export function PercentBar({ percent, overdue }: { percent: number; overdue: boolean }) {
  const { t, locale } = useI18n();
  return (
    <Progress
      aria-label={overdue ? t('tasks.isOverdue') : t('tasks.progress')}
      percent={percent}
      size="small"
      status={overdue ? 'exception' : percent >= 100 ? 'success' : 'normal'}
      format={(value) => `${formatNumber(value ?? 0, locale, 0)}%`}
    />
  );
}

/** A task's occurrences (one per period it recurs in), each with its own progress. */
function Occurrences({ task, onEdit }: { task: Task; onEdit?: (occurrence: Occurrence) => void }) {
  const { t } = useI18n();
  const columns: TableColumnsType<Occurrence> = [
    { key: 'label', title: t('tasks.occurrence'), width: 190, render: (_, o) => o.label },
    {
      key: 'due',
      title: t('tasks.due'),
      width: 160,
      render: (_, o) => <Space size={4}>{formatDate(o.due_date)}{o.overdue && <Tag color="error">{t('tasks.isOverdue')}</Tag>}</Space>,
    },
    { key: 'status', title: t('tasks.status'), width: 150, render: (_, o) => <ProgressStatusTag status={o.status} /> },
    { key: 'percent', title: t('tasks.progress'), width: 150, render: (_, o) => <PercentBar percent={o.percent} overdue={o.overdue} /> },
    {
      key: 'note',
      title: t('tasks.note'),
      render: (_, o) => (
        <>
          {o.note && <div style={{ whiteSpace: 'pre-wrap' }}>{o.note}</div>}
          {o.documents.map((d, i) => (
            <div key={i}><Typography.Text type="secondary" style={{ fontSize: 12 }}>{[d.kind, d.number, d.date && formatDate(d.date), d.title].filter(Boolean).join(' · ')}</Typography.Text></div>
          ))}
          <EvidenceList files={o.files} />
          {o.reported_at && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('tasks.reportedAt', { at: formatDateTime(o.reported_at) })}</Typography.Text>}
        </>
      ),
    },
  ];
  if (onEdit) {
    columns.push({
      key: 'edit',
      title: t('common.actions'),
      width: 130,
      render: (_, o) => (
        <Button size="small" onClick={() => onEdit(o)} aria-label={t('tasks.updateFor', { task: task.section_number, occurrence: o.label })}>
          {t('tasks.update')}
        </Button>
      ),
    });
  }
  return <Table<Occurrence> size="small" rowKey="due_date" columns={columns} dataSource={task.occurrences} pagination={false} />;
}

export function TasksPage() {
  const { t } = useI18n();
  const { can } = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const requested = params.get('view');
  const view: View = isView(requested) ? requested : 'all';
  const [page, setPage] = useState(1);
  const tasks = useTasks({ ...FILTERS[view], page, limit: PAGE_SIZE });
  const [editing, setEditing] = useState<{ task: Task; occurrence: Occurrence } | null>(null);

  const columns: TableColumnsType<Task> = [
    {
      key: 'task',
      title: t('tasks.task'),
      render: (_, task) => (
        <Space direction="vertical" size={0}>
          <span>{task.section_number} {task.section_title}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{task.unit.name}</Typography.Text>
        </Space>
      ),
    },
    {
      key: 'plan',
      title: t('tasks.plan'),
      width: 160,
      render: (_, task) => <Link to={`/plans/${task.plan.id}`} title={task.plan.title}>{task.plan.symbol}</Link>,
    },
    {
      key: 'role',
      title: t('tasks.role'),
      width: 160,
      render: (_, task) => (
        <>
          <Tag color={task.role === 'lead' ? 'red' : 'default'}>{t(`assignmentRole.${task.role}`)}</Tag>
          <Tag bordered={false}>{t(`assignmentMode.${task.mode}`)}</Tag>
        </>
      ),
    },
    {
      key: 'due',
      title: t('tasks.nextDue'),
      width: 150,
      render: (_, task) => <Space size={4}>{formatDate(dueOf(task))}{task.overdue && <Tag color="error">{t('tasks.isOverdue')}</Tag>}</Space>,
    },
    { key: 'progress', title: t('tasks.progress'), width: 160, render: (_, task) => <PercentBar percent={task.percent} overdue={task.overdue} /> },
  ];

  return (
    <>
      <PageTitle title={t('tasks.title')} />
      <Card>
        <Segmented<View>
          aria-label={t('tasks.filter')}
          value={view}
          onChange={(next) => {
            setPage(1);
            setParams(next === 'all' ? {} : { view: next }, { replace: true });
          }}
          style={{ marginBottom: 16 }}
          options={[
            { value: 'all', label: t('tasks.all') },
            { value: 'overdue', label: t('tasks.overdue') },
            { value: 'soon', label: t('tasks.dueSoon') },
          ]}
        />
        {tasks.isError
          ? <QueryError error={tasks.error} onRetry={() => void tasks.refetch()} />
          : (
            <Table<Task>
              rowKey="assignment_id"
              columns={columns}
              dataSource={tasks.data?.items ?? []}
              loading={tasks.isFetching}
              expandable={{
                expandedRowRender: (task) => (
                  <Occurrences task={task} onEdit={can.canReport ? (occurrence) => setEditing({ task, occurrence }) : undefined} />
                ),
                expandRowByClick: true,
              }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.empty')} /> }}
              pagination={{
                current: page, pageSize: PAGE_SIZE, total: tasks.data?.pagination.total ?? 0,
                onChange: setPage, hideOnSinglePage: true, showSizeChanger: false,
              }}
            />
          )}
      </Card>
      <ProgressDrawer target={editing} onClose={() => setEditing(null)} />
    </>
  );
}

import { Empty, Flex, Segmented, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import type { OrgUnitRef, Task } from '../../api/types';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { formatDate, formatNumber } from '../../lib/format';
import { dueOf, PercentBar } from '../tasks/TasksPage';

interface Carrier {
  unit: OrgUnitRef;
  tasks: Task[];
  lead: number;
  support: number;
  requested: boolean;
  percent: number;
  overdue: number;
}

type Filter = 'all' | 'assigned' | 'requested' | 'overdue';

function carriersOf(tasks: readonly Task[]): Carrier[] {
  const byUnit = new Map<number, Carrier>();
  for (const task of tasks) {
    const carrier = byUnit.get(task.unit.id)
      ?? { unit: task.unit, tasks: [], lead: 0, support: 0, requested: false, percent: 0, overdue: 0 };
    carrier.tasks.push(task);
    if (task.role === 'lead') carrier.lead += 1; else carrier.support += 1;
    if (task.mode === 'requested') carrier.requested = true;
    if (task.overdue) carrier.overdue += 1;
    byUnit.set(task.unit.id, carrier);
  }
  for (const carrier of byUnit.values()) {
    carrier.percent = carrier.tasks.reduce((sum, task) => sum + task.percent, 0) / carrier.tasks.length;
  }
  return [...byUnit.values()];
}

/** Who carries the plan: each unit with its tasks, progress and overdue marks; assigned and requested apart. */
export function AssigneesTable({ tasks, error, onRetry }: { tasks: readonly Task[] | undefined; error?: unknown; onRetry?: () => void }) {
  const { t, locale } = useI18n();
  const [filter, setFilter] = useState<Filter>('all');
  const carriers = useMemo(() => {
    const kept = (tasks ?? []).filter((task) => {
      if (filter === 'assigned' || filter === 'requested') return task.mode === filter;
      if (filter === 'overdue') return task.overdue;
      return true;
    });
    return carriersOf(kept);
  }, [tasks, filter]);

  if (error) return <QueryError error={error} onRetry={onRetry} />;

  const columns: TableColumnsType<Carrier> = [
    {
      key: 'unit',
      title: t('plan.carrier'),
      render: (_, c) => (
        <>
          {c.unit.name}
          {c.requested && <Tag bordered={false} color="purple" style={{ marginInlineStart: 6 }}>{t('assignmentMode.requested')}</Tag>}
        </>
      ),
    },
    {
      key: 'tasks',
      title: t('plan.taskCount'),
      width: 170,
      render: (_, c) => t('plan.leadSupport', { lead: formatNumber(c.lead, locale), support: formatNumber(c.support, locale) }),
    },
    { key: 'progress', title: t('tasks.progress'), width: 180, render: (_, c) => <PercentBar percent={Math.round(c.percent)} overdue={c.overdue > 0} /> },
    {
      key: 'overdue',
      title: t('tasks.overdue'),
      width: 120,
      render: (_, c) => (c.overdue > 0 ? <Tag color="error">{t('plan.overdueCount', { count: formatNumber(c.overdue, locale) })}</Tag> : t('common.none')),
    },
  ];

  const taskColumns: TableColumnsType<Task> = [
    { key: 'task', title: t('tasks.task'), render: (_, task) => `${task.section_number} ${task.section_title}` },
    {
      key: 'role',
      title: t('tasks.role'),
      width: 160,
      render: (_, task) => <><Tag color={task.role === 'lead' ? 'red' : 'default'}>{t(`assignmentRole.${task.role}`)}</Tag><Tag bordered={false}>{t(`assignmentMode.${task.mode}`)}</Tag></>,
    },
    {
      key: 'due',
      title: t('tasks.nextDue'),
      width: 150,
      render: (_, task) => <>{formatDate(dueOf(task))} {task.overdue && <Tag color="error">{t('tasks.isOverdue')}</Tag>}</>,
    },
    { key: 'progress', title: t('tasks.progress'), width: 160, render: (_, task) => <PercentBar percent={task.percent} overdue={task.overdue} /> },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Segmented<Filter>
          aria-label={t('plan.carrierFilter')}
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: t('tasks.all') },
            { value: 'assigned', label: t('assignmentMode.assigned') },
            { value: 'requested', label: t('assignmentMode.requested') },
            { value: 'overdue', label: t('tasks.overdue') },
          ]}
        />
        <Typography.Text type="secondary">{t('plan.carriersFound', { count: formatNumber(carriers.length, locale) })}</Typography.Text>
      </Flex>
      <Table<Carrier>
        size="small"
        rowKey={(c) => c.unit.id}
        columns={columns}
        dataSource={carriers}
        loading={tasks === undefined}
        expandable={{
          expandedRowRender: (c) => <Table<Task> size="small" rowKey="assignment_id" columns={taskColumns} dataSource={c.tasks} pagination={false} />,
        }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plan.noCarriers')} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      />
    </>
  );
}

import { Card, Empty, Progress, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTasks, type TaskFilters } from '../../api/queries';
import type { Task } from '../../api/types';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { formatDate, formatNumber } from '../../lib/format';

type View = 'all' | 'overdue' | 'soon';

const FILTERS: Record<View, TaskFilters> = {
  all: { overdue: undefined, dueWithinDays: undefined },
  overdue: { overdue: true, dueWithinDays: undefined },
  soon: { overdue: undefined, dueWithinDays: 30 },
};

export function TasksPage() {
  const { t, locale } = useI18n();
  const [view, setView] = useState<View>('all');
  const tasks = useTasks(FILTERS[view]);

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
    { key: 'plan', title: t('tasks.plan'), width: 180, render: (_, task) => <span title={task.plan.title}>{task.plan.symbol}</span> },
    {
      key: 'role',
      title: t('tasks.role'),
      width: 170,
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
      render: (_, task) => (
        <Space size={4}>
          {formatDate(task.next_due)}
          {task.overdue && <Tag color="error">{t('tasks.isOverdue')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'progress',
      title: t('tasks.progress'),
      width: 170,
      render: (_, task) => (
        <Progress
          percent={task.percent}
          size="small"
          status={task.overdue ? 'exception' : undefined}
          format={(percent) => `${formatNumber(percent ?? 0, locale, 0)}%`}
        />
      ),
    },
  ];

  return (
    <>
      <PageTitle title={t('tasks.title')} />
      <Card>
        <Segmented<View>
          aria-label={t('tasks.filter')}
          value={view}
          onChange={setView}
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
              dataSource={tasks.data ?? []}
              loading={tasks.isFetching}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.empty')} /> }}
              pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            />
          )}
      </Card>
    </>
  );
}

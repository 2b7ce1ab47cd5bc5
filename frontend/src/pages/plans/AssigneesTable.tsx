import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Empty, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { fetchPlanTasksCsv, usePlanTasks } from '../../api/planQueries';
import { problemText } from '../../components/problemText';
import type { Task, TaskState } from '../../api/types';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { download } from '../../lib/exportTable';
import { formatDate, formatNumber } from '../../lib/format';
import { dueOf, PercentBar } from '../tasks/TasksPage';

const PAGE_SIZE = 20;
type Filter = 'all' | TaskState;
const FILTERS: readonly Filter[] = ['all', 'overdue', 'not_started', 'in_progress', 'done'];

/**
 * Who carries the plan: one row per task and carrying unit, with its progress and overdue mark, a
 * page at a time (a national plan has tens of thousands), filtered by where the task stands.
 */
export function AssigneesTable({ planId }: { planId: number }) {
  const { t, locale } = useI18n();
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState(1);
  const status = filter === 'all' ? undefined : filter;
  const tasks = usePlanTasks(planId, { page, limit: PAGE_SIZE, status });
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);

  const exportAll = async () => {
    setExporting(true);
    try {
      const { blob, fileName } = await fetchPlanTasksCsv(planId, { status });
      download(blob, fileName);
    } catch (error) {
      void message.error(problemText(error, t));
    } finally {
      setExporting(false);
    }
  };

  if (tasks.isError) return <QueryError error={tasks.error} onRetry={() => void tasks.refetch()} />;

  const columns: TableColumnsType<Task> = [
    {
      key: 'unit',
      title: t('plan.carrier'),
      render: (_, task) => (
        <>
          {task.unit.name}
          {task.mode === 'requested' && <Tag bordered={false} color="purple" style={{ marginInlineStart: 6 }}>{t('assignmentMode.requested')}</Tag>}
        </>
      ),
    },
    { key: 'task', title: t('tasks.task'), render: (_, task) => `${task.section_number} ${task.section_title}` },
    {
      key: 'role',
      title: t('tasks.role'),
      width: 130,
      render: (_, task) => <Tag color={task.role === 'lead' ? 'red' : 'default'}>{t(`assignmentRole.${task.role}`)}</Tag>,
    },
    {
      key: 'due',
      title: t('tasks.nextDue'),
      width: 170,
      render: (_, task) => <>{formatDate(dueOf(task))} {task.overdue && <Tag color="error">{t('plan.overdueCount', { count: formatNumber(task.occurrences.filter((o) => o.overdue).length, locale) })}</Tag>}</>,
    },
    { key: 'progress', title: t('tasks.progress'), width: 170, render: (_, task) => <PercentBar percent={task.percent} overdue={task.overdue} /> },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Segmented<Filter>
          aria-label={t('plan.carrierFilter')}
          value={filter}
          onChange={(next) => {
            setFilter(next);
            setPage(1);
          }}
          options={FILTERS.map((value) => ({ value, label: t(`plan.taskState.${value}`) }))}
        />
        <Space wrap>
          <Typography.Text type="secondary">{t('plan.tasksFound', { count: formatNumber(tasks.data?.pagination.total ?? 0, locale) })}</Typography.Text>
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            disabled={!tasks.data?.pagination.total}
            onClick={() => void exportAll()}
          >
            {t('plan.exportTasks')}
          </Button>
        </Space>
      </Flex>
      <Table<Task>
        size="small"
        rowKey={(task) => `${task.assignment_id}-${task.unit.id}`}
        columns={columns}
        dataSource={tasks.data?.items ?? []}
        loading={tasks.isFetching}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plan.noCarriers')} /> }}
        pagination={{
          current: page, pageSize: PAGE_SIZE, total: tasks.data?.pagination.total ?? 0,
          onChange: setPage, hideOnSinglePage: true, showSizeChanger: false,
        }}
      />
    </>
  );
}

import { Col, Empty, Form, Input, Row, Table, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { HistoryEntry, NarrativeSection, TaskProgress } from '../../api/types';
import { useI18n, hasMessage } from '../../i18n';
import { formatDate, formatDateTime, formatPercent } from '../../lib/format';

/** A section with, when given, what goes beside it (a compiled report's material from below). */
function Beside({ aside, children }: { aside: ReactNode; children: ReactNode }) {
  if (aside === undefined) return children;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={13}>{children}</Col>
      <Col xs={24} lg={11}>{aside}</Col>
    </Row>
  );
}

/** The narrative outline of the form: editable, or read as paragraphs; `aside` puts something beside each section. */
export function Narrative({ sections, values, onChange, compare, aside }: {
  sections: readonly NarrativeSection[];
  values: Record<string, string>;
  onChange?: (key: string, text: string) => void;
  compare?: { title: string; values: Record<string, string> };
  aside?: (key: string) => ReactNode;
}) {
  const { t } = useI18n();
  if (sections.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.noNarrative')} />;
  if (onChange) {
    return (
      <Form layout="vertical">
        {sections.map((section) => (
          <Beside key={section.key} aside={aside?.(section.key)}>
            <Form.Item label={section.title} htmlFor={`narrative-${section.key}`}>
              <Input.TextArea
                id={`narrative-${section.key}`}
                autoSize={{ minRows: 3, maxRows: 12 }}
                value={values[section.key] ?? ''}
                onChange={(e) => onChange(section.key, e.target.value)}
              />
            </Form.Item>
          </Beside>
        ))}
      </Form>
    );
  }
  return (
    <>
      {sections.map((section) => (
        <Beside key={section.key} aside={aside?.(section.key)}>
          <section style={{ marginBottom: 16 }}>
            <Typography.Title level={4} style={{ fontSize: 15 }}>{section.title}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
              {values[section.key]?.trim() || <Typography.Text type="secondary">{t('report.notWritten')}</Typography.Text>}
            </Typography.Paragraph>
            {compare && compare.values[section.key]?.trim() && (
              <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap', borderInlineStart: '3px solid #f0f0f0', paddingInlineStart: 8 }}>
                <strong>{compare.title}:</strong> {compare.values[section.key]}
              </Typography.Paragraph>
            )}
          </section>
        </Beside>
      ))}
    </>
  );
}

/** The period's progress on plan tasks, as the server gathered it for the report. */
export function TaskProgressTable({ rows }: { rows: readonly TaskProgress[] }) {
  const { t, locale } = useI18n();
  const status = (value: string) => {
    const key = `progressStatus.${value}`;
    return hasMessage(key) ? t(key) : value;
  };
  return (
    <Table<TaskProgress>
      size="small"
      rowKey={(row) => `${row.assignment_id}-${row.due_date}`}
      dataSource={[...rows]}
      pagination={false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<>{t('report.noTasks')} <Link to="/tasks">{t('nav.tasks')}</Link></>} /> }}
      columns={[
        { key: 'task', title: t('tasks.task'), render: (_, row) => row.task },
        { key: 'plan', title: t('tasks.plan'), width: 160, render: (_, row) => row.plan },
        { key: 'due', title: t('tasks.due'), width: 120, render: (_, row) => formatDate(row.due_date) },
        {
          key: 'status',
          title: t('tasks.status'),
          width: 200,
          render: (_, row) => (
            <>
              {status(row.status)} · {formatPercent(row.percent, locale, 0)}
              {row.overdue && <Typography.Text type="danger"> · {t('tasks.isOverdue')}</Typography.Text>}
            </>
          ),
        },
      ]}
    />
  );
}

const ACTION_COLOR: Record<string, string> = { submit: 'blue', approve: 'green', return: 'orange', reopen: 'gray' };

/** Who did what to the report, newest last, with the reviewer's comments. */
export function History({ entries }: { entries: readonly HistoryEntry[] }) {
  const { t } = useI18n();
  const action = (value: string) => {
    const key = `reportAction.${value}`;
    return hasMessage(key) ? t(key) : value;
  };
  return (
    <Timeline
      items={entries.map((entry) => ({
        key: `${entry.version}-${entry.at}`,
        color: ACTION_COLOR[entry.action] ?? 'gray',
        children: (
          <>
            <strong>{action(entry.action)}</strong> · {entry.actor} · {formatDateTime(entry.at)}
            <div><Typography.Text type="secondary">{t('report.versionN', { n: entry.version })}</Typography.Text></div>
            {entry.comment && <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>“{entry.comment}”</Typography.Paragraph>}
          </>
        ),
      }))}
    />
  );
}

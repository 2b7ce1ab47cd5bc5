import { BellOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Form, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useMissingReports, useRemind } from '../../api/notificationQueries';
import { useReportingForms } from '../../api/reportQueries';
import type { MissingReport } from '../../api/types';
import { problemText } from '../../components/problemText';
import { QueryError } from '../../components/QueryError';
import { serverPagination } from '../../components/serverPagination';
import { SubmissionStatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { formatDate } from '../../lib/format';
import { periodTypeOf, recentPeriods, type ApiPeriodType } from '../../lib/periods';
import { FormSelect } from './FormSelect';
import { PeriodSelect } from './PeriodSelect';

/** Completeness of the review queue: the units of the reviewer's line that have not submitted a
 *  form's report for a period, each with "Nhắc" (the server reminds a unit once a day). */
export function MissingReports() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const forms = useReportingForms();
  const [formId, setFormId] = useState<number | undefined>(undefined);
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const [paging, setPaging] = useState({ page: 1, limit: 20 });
  const all = forms.data?.items ?? [];
  const chosen = all.find((f) => f.id === formId) ?? all[0];
  const periods = chosen ? recentPeriods(chosen.period_type as ApiPeriodType, new Date(), 8) : [];
  // The period that has just ended is the one whose reports are due.
  const chosenPeriod = period && chosen && periodTypeOf(period) === chosen.period_type ? period : periods[1] ?? periods[0];
  const missing = useMissingReports(chosen?.id, chosenPeriod, paging.page);
  const remind = useRemind();

  const send = async (unitIds: number[]) => {
    if (!chosen || !chosenPeriod) return;
    try {
      const done = await remind.mutateAsync({ form_id: chosen.id, period: chosenPeriod, unit_ids: unitIds });
      void message.success(t('remind.done', { count: done.reminded.length }));
    } catch (error) {
      void message.error(problemText(error, t));
    }
  };

  if (forms.isError) return <Card><QueryError error={forms.error} onRetry={() => void forms.refetch()} /></Card>;
  if (!forms.isPending && all.length === 0) return null;

  const rows = missing.data?.items ?? [];
  const columns: TableColumnsType<MissingReport> = [
    { key: 'unit', title: t('remind.unit'), render: (_, row) => row.unit.name },
    { key: 'deadline', title: t('remind.deadline'), width: 130, render: (_, row) => formatDate(row.deadline) },
    {
      key: 'state',
      title: t('remind.state'),
      width: 170,
      render: (_, row) => (row.status ? <SubmissionStatusTag status={row.status} /> : <Typography.Text type="secondary">{t('remind.notStarted')}</Typography.Text>),
    },
    {
      key: 'remind',
      title: '',
      width: 110,
      render: (_, row) => (
        <Button size="small" icon={<BellOutlined aria-hidden />} aria-label={`${t('remind.action')} ${row.unit.name}`} disabled={remind.isPending} onClick={() => void send([row.unit.id])}>
          {t('remind.action')}
        </Button>
      ),
    },
  ];

  return (
    <Card size="small" title={t('remind.title')} data-testid="missing-reports">
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label={t('submissions.form')} htmlFor="missing-form">
            <FormSelect id="missing-form" forms={all} value={chosen?.id} onChange={(id) => { setFormId(id); setPeriod(undefined); setPaging((p) => ({ ...p, page: 1 })); }} />
          </Form.Item>
          <Form.Item label={t('submissions.period')} htmlFor="missing-period">
            <PeriodSelect id="missing-period" periods={periods} value={chosenPeriod} onChange={(p) => { setPeriod(p); setPaging((old) => ({ ...old, page: 1 })); }} />
          </Form.Item>
        </Form>
        <Button icon={<BellOutlined aria-hidden />} disabled={rows.length === 0} loading={remind.isPending} onClick={() => void send(rows.map((row) => row.unit.id))}>
          {t('remind.all')}
        </Button>
      </Flex>
      {missing.isError
        ? <QueryError error={missing.error} onRetry={() => void missing.refetch()} />
        : (
          <Table<MissingReport>
            size="small"
            rowKey={(row) => row.unit.id}
            columns={columns}
            dataSource={rows}
            loading={missing.isFetching || forms.isPending}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('remind.none')} /> }}
            pagination={serverPagination(paging, missing.data?.pagination.total, setPaging, t, locale)}
          />
        )}
    </Card>
  );
}

import { FormOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Form, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useOrgUnit } from '../../api/queries';
import { useOpenReport, useReportingForm, useReportingForms } from '../../api/reportQueries';
import type { OrgUnit, OrgUnitRef, ReportingForm } from '../../api/types';
import { problemText } from '../../components/problemText';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { FormSelect } from './FormSelect';
import { PeriodSelect } from './PeriodSelect';
import { formatDate } from '../../lib/format';
import { periodTypeOf, recentPeriods, type ApiPeriodType } from '../../lib/periods';

/** The forms a unit reports: by its kind or its type of grassroots. */
export function formsFor(forms: readonly ReportingForm[], unit: Pick<OrgUnit, 'kind' | 'grassroots_type'>): ReportingForm[] {
  return forms.filter((form) => (form.reporters.kinds ?? []).includes(unit.kind)
    || (unit.grassroots_type !== null && (form.reporters.grassroots_types ?? []).includes(unit.grassroots_type)));
}

/** Starts (or reopens) the report of the user's unit for a form and period. */
export function ReportOpener({ unit }: { unit: OrgUnitRef }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const forms = useReportingForms();
  const detail = useOrgUnit(unit.id);
  const open = useOpenReport();
  const mine = detail.data && forms.data ? formsFor(forms.data.items, detail.data) : [];
  const [formId, setFormId] = useState<number | undefined>(undefined);
  const chosen = mine.find((f) => f.id === formId) ?? mine[0];
  const periods = chosen ? recentPeriods(chosen.period_type as ApiPeriodType, new Date(), 8) : [];
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const chosenPeriod = period && chosen && periodTypeOf(period) === chosen.period_type ? period : periods[0];
  const schedule = useReportingForm(chosen?.id, chosenPeriod ?? '', unit.id);

  if (forms.isError) return <Card><QueryError error={forms.error} onRetry={() => void forms.refetch()} /></Card>;
  if (forms.isPending || detail.isPending) return <Card><Skeleton active paragraph={{ rows: 2 }} /></Card>;
  if (mine.length === 0) {
    return <Card><Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.noForms')} /></Card>;
  }

  const start = async () => {
    if (!chosen || !chosenPeriod) return;
    try {
      const id = await open.mutateAsync({ formId: chosen.id, unitId: unit.id, period: chosenPeriod });
      void navigate(`/reports/${id}`);
    } catch (error) {
      void message.error(problemText(error, t));
    }
  };

  const deadline = schedule.data?.schedule?.deadline;
  return (
    <Card title={t('report.open')} size="small">
      <Form layout="inline" onFinish={() => void start()} style={{ rowGap: 12 }}>
        <Form.Item label={t('submissions.form')} htmlFor="open-form">
          <FormSelect id="open-form" forms={mine} value={chosen?.id} onChange={(id) => { setFormId(id); setPeriod(undefined); }} />
        </Form.Item>
        <Form.Item label={t('submissions.period')} htmlFor="open-period">
          <PeriodSelect id="open-period" periods={periods} value={chosenPeriod} onChange={setPeriod} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<FormOutlined aria-hidden />} loading={open.isPending}>{t('report.openButton')}</Button>
        </Form.Item>
      </Form>
      <Flex gap={16} style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">
          {deadline ? t('report.deadlineIs', { date: formatDate(deadline) }) : '\u00a0'}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

import { MergeCellsOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useCompile, useReportingForms } from '../../api/reportQueries';
import type { OrgUnitRef } from '../../api/types';
import { problemText } from '../../components/problemText';
import { QueryError } from '../../components/QueryError';
import { UnitSelect, type UnitOption } from '../../components/UnitSelect';
import { useI18n } from '../../i18n';
import { FormSelect } from './FormSelect';
import { PeriodSelect } from './PeriodSelect';
import { compiledForms } from '../../lib/compilations';
import { periodTypeOf, recentPeriods, type ApiPeriodType } from '../../lib/periods';

/** Enough periods to reach back a few years whatever the form's rhythm; typing the year filters them. */
const PERIODS_OFFERED = 24;

/**
 * "Tổng hợp báo cáo": a planner or reviewer compiles a unit's report (their own by default) from the
 * reports of the units below, then writes it on the report's page.
 */
export function CompileOpener({ unit }: { unit: OrgUnitRef }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const forms = useReportingForms();
  const compile = useCompile();
  const [formId, setFormId] = useState<number | undefined>(undefined);
  const [target, setTarget] = useState<UnitOption>({ id: unit.id, name: unit.name });
  const [period, setPeriod] = useState<string | undefined>(undefined);

  if (forms.isError) return <Card><QueryError error={forms.error} onRetry={() => void forms.refetch()} /></Card>;
  if (forms.isPending) return <Card><Skeleton active paragraph={{ rows: 2 }} /></Card>;
  const compiled = compiledForms(forms.data.items, unit.kind);
  if (compiled.length === 0) {
    return <Card><Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('compile.noForms')} /></Card>;
  }
  const chosen = compiled.find((f) => f.id === formId) ?? compiled[0];
  const periods = chosen ? recentPeriods(chosen.period_type as ApiPeriodType, new Date(), PERIODS_OFFERED) : [];
  const chosenPeriod = period && chosen && periodTypeOf(period) === chosen.period_type ? period : periods[0];

  const start = async () => {
    if (!chosen || !chosenPeriod) return;
    try {
      const { submission } = await compile.mutateAsync({ form_id: chosen.id, unit_id: target.id, period: chosenPeriod });
      void navigate(`/reports/${submission.id}`);
    } catch (error) {
      void message.error(problemText(error, t));
    }
  };

  return (
    <Card title={t('compile.title')} size="small">
      <Typography.Paragraph type="secondary">{t('compile.help')}</Typography.Paragraph>
      <Form layout="inline" onFinish={() => void start()} style={{ rowGap: 12 }}>
        <Form.Item label={t('submissions.form')} htmlFor="compile-form">
          <FormSelect id="compile-form" forms={compiled} value={chosen?.id} onChange={(id) => { setFormId(id); setPeriod(undefined); }} />
        </Form.Item>
        <Form.Item label={t('compile.unit')} htmlFor="compile-unit">
          <UnitSelect
            id="compile-unit"
            allowClear={false}
            value={target.id}
            initial={target}
            onChange={(_, picked) => { if (picked) setTarget(picked); }}
            style={{ width: 280, maxWidth: '70vw' }}
          />
        </Form.Item>
        <Form.Item label={t('submissions.period')} htmlFor="compile-period">
          <PeriodSelect id="compile-period" periods={periods} value={chosenPeriod} onChange={setPeriod} searchable />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<MergeCellsOutlined aria-hidden />} loading={compile.isPending}>
            {t('compile.button')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

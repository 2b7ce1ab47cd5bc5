import { Card, Empty, Flex, Progress, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAggregates } from '../../api/aggregateQueries';
import { useReportingForms } from '../../api/reportQueries';
import type { AggregateRow, ReportingForm } from '../../api/types';
import { useCurrentUser } from '../../app/CurrentUser';
import { NativeSelect } from '../../components/NativeSelect';
import { QueryError } from '../../components/QueryError';
import { SimpleTable, type SimpleColumn } from '../../components/SimpleTable';
import { useI18n } from '../../i18n';
import { formatNumber, formatPercent, formatPeriod } from '../../lib/format';
import { periodContaining, previousPeriod, recentPeriods, sortPeriods, type ApiPeriodType } from '../../lib/periods';
import { writeAnalysis } from '../indicators/analysisParams';
import { latestReported } from './KeyIndicatorsCard';

/** The figure whose rows count reporters: a required one is in every report of the form. */
function probeOf(form: ReportingForm): string | undefined {
  return (form.indicators.find((i) => i.required) ?? form.indicators[0])?.code;
}

/** Who below has reported a form for a period, who on time, who not at all. */
export function CompletenessCard() {
  const { t, locale } = useI18n();
  const { me } = useCurrentUser();
  const forms = useReportingForms();
  const [formId, setFormId] = useState<number | undefined>(undefined);
  const all = forms.data?.items ?? [];
  const form = all.find((f) => f.id === formId) ?? all.find((f) => f.code === 'QCDC_COMMUNE_ANNUAL') ?? all[0];
  const type = (form?.period_type ?? 'year') as ApiPeriodType;
  const periods = sortPeriods(recentPeriods(type, new Date(), 6));
  const probe = form ? probeOf(form) : undefined;
  const unitId = me.unit?.id;
  const history = useAggregates({ indicators: probe ? [probe] : [], periods, unitId, by: 'period' });
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const period = picked && periods.includes(picked) ? picked
    : latestReported(history.data ?? [], periods) ?? previousPeriod(periodContaining(type, new Date())) ?? '';
  const below = useAggregates({ indicators: probe ? [probe] : [], periods: [period], unitId, by: 'children' }, period !== '');
  const rows = (below.data ?? []).filter((row) => (row.expected ?? 0) > 0);
  const expected = rows.reduce((sum, row) => sum + (row.expected ?? 0), 0);
  const reported = rows.reduce((sum, row) => sum + row.reported, 0);
  const onTime = rows.reduce((sum, row) => sum + (row.on_time ?? 0), 0);

  const link = (row: AggregateRow) => `/indicators?${writeAnalysis({
    indicators: probe ? [probe] : [], unitId: row.org_unit.id, type, periods, focus: period, includeSubmitted: true, basis: 'reported', asOf: undefined,
  }).toString()}`;

  const columns: SimpleColumn<AggregateRow>[] = [
    { key: 'unit', title: t('submissions.unit'), render: (row) => <Link to={link(row)}>{row.org_unit.name}</Link> },
    { key: 'expected', title: t('export.expected'), width: 110, align: 'right', render: (row) => formatNumber(row.expected, locale) },
    { key: 'reported', title: t('export.reported'), width: 110, align: 'right', render: (row) => formatNumber(row.reported, locale) },
    { key: 'onTime', title: t('submissions.onTime'), width: 100, align: 'right', render: (row) => formatNumber(row.on_time ?? 0, locale) },
    {
      key: 'state',
      title: t('dashboard.state'),
      width: 190,
      render: (row) => {
        const missing = (row.expected ?? 0) - row.reported;
        const late = row.reported - (row.on_time ?? 0);
        return (
          <Flex gap={4} wrap>
            {missing > 0 && <Tag color="error">{t('dashboard.missing', { count: formatNumber(missing, locale) })}</Tag>}
            {late > 0 && <Tag color="warning">{t('dashboard.late', { count: formatNumber(late, locale) })}</Tag>}
            {missing <= 0 && late <= 0 && <Tag color="success">{t('dashboard.complete')}</Tag>}
          </Flex>
        );
      },
    },
  ];

  return (
    <Card
      title={t('dashboard.completeness')}
      extra={(
        <Flex gap={8} wrap>
          <NativeSelect<number>
            label={t('submissions.form')}
            width={240}
            value={form?.id}
            onChange={(id) => { setFormId(id); setPicked(undefined); }}
            options={all.map((f) => ({ value: f.id, label: locale === 'en' && f.name_en ? f.name_en : f.name }))}
          />
          <NativeSelect<string>
            label={t('submissions.period')}
            width={170}
            value={period}
            onChange={setPicked}
            options={[...periods].reverse().map((id) => ({ value: id, label: formatPeriod(id, locale) }))}
          />
        </Flex>
      )}
    >
      {forms.isError || below.isError
        ? <QueryError error={forms.error ?? below.error} onRetry={() => void below.refetch()} />
        : forms.isPending || below.isPending ? <Skeleton active /> : (
          <>
            {expected > 0 && (
              <Flex vertical gap={4} style={{ marginBottom: 12 }}>
                <Typography.Text role="status">
                  {t('dashboard.summary', {
                    reported: formatNumber(reported, locale), expected: formatNumber(expected, locale), onTime: formatNumber(onTime, locale),
                    period: formatPeriod(period, locale),
                  })}
                </Typography.Text>
                <Progress
                  percent={Math.round((reported / expected) * 100)}
                  success={{ percent: Math.round((onTime / expected) * 100) }}
                  format={() => formatPercent((reported / expected) * 100, locale)}
                  aria-label={t('dashboard.completeness')}
                />
              </Flex>
            )}
            <SimpleTable<AggregateRow>
              caption={t('dashboard.completeness')}
              rowKey={(row) => row.org_unit.id}
              columns={columns}
              rows={rows}
              empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noExpected')} />}
            />
          </>
        )}
    </Card>
  );
}

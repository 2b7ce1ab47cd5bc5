import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Col, DatePicker, Empty, Flex, Form, Radio, Row, Segmented, Select, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAggregates, useIndicatorCatalogue } from '../../api/aggregateQueries';
import { useAncestors, useIndicators, useOrgUnit } from '../../api/queries';
import type { AggregateRow, Indicator, OrgUnitRef } from '../../api/types';
import { useCurrentUser } from '../../app/CurrentUser';
import { Chart } from '../../components/Chart';
import { problemText } from '../../components/problemText';
import { QueryError } from '../../components/QueryError';
import { UnitSelect } from '../../components/UnitSelect';
import { useDebounced } from '../../components/useDebounced';
import { useI18n } from '../../i18n';
import { aggregateTable, formatAggregate, formatTarget, indicatorName, isShare, notComparablePeriods, plotted, type ExportLabels } from '../../lib/aggregates';
import { downloadCsv, downloadXlsx } from '../../lib/exportTable';
import { formatDate, formatNumber, formatPeriod } from '../../lib/format';
import { recentPeriods, sortPeriods, type ApiPeriodType } from '../../lib/periods';
import { readAnalysis, writeAnalysis, type Analysis, type Basis } from './analysisParams';

const PERIOD_TYPES: readonly ApiPeriodType[] = ['year', 'semiannual', 'nine_months', 'quarter', 'month'];

interface UnitRow {
  unit: OrgUnitRef;
  byIndicator: Map<string, AggregateRow>;
  /** The total of the unit being looked at, shown above its children. */
  total: boolean;
}

function rowsByUnit(rows: readonly AggregateRow[], total: boolean): UnitRow[] {
  const units = new Map<number, UnitRow>();
  for (const row of rows) {
    const entry = units.get(row.org_unit.id) ?? { unit: row.org_unit, byIndicator: new Map(), total };
    entry.byIndicator.set(row.indicator, row);
    units.set(row.org_unit.id, entry);
  }
  return [...units.values()];
}

/** Picks up to five indicators; the server searches the catalogue. */
function IndicatorPicker({ value, onChange, catalogue }: { value: string[]; onChange: (codes: string[]) => void; catalogue: ReadonlyMap<string, Indicator> | undefined }) {
  const { t, locale } = useI18n();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const found = useIndicators({ q, value_type: undefined, page: 1, limit: 30 });
  const options = new Map<string, string>();
  for (const code of value) options.set(code, indicatorName(catalogue?.get(code), code, locale));
  for (const indicator of found.data?.items ?? []) {
    if (indicator.value_type !== 'text') options.set(indicator.code, indicatorName(indicator, indicator.code, locale));
  }
  return (
    <Select<string[]>
      id="analysis-indicators"
      mode="multiple"
      maxCount={5}
      showSearch
      filterOption={false}
      onSearch={setText}
      value={value}
      onChange={(codes) => codes.length > 0 && onChange(codes)}
      loading={found.isFetching}
      options={[...options].map(([code, name]) => ({ value: code, label: name, title: code }))}
      placeholder={t('analysis.pickIndicators')}
      style={{ minWidth: 320, maxWidth: 640 }}
    />
  );
}

/** The indicators of a unit over periods and across its children, with drill-down and export. */
export function AnalysisView() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { me } = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const analysis = useMemo(() => {
    const read = readAnalysis(params, new Date());
    return { ...read, unitId: read.unitId ?? me.unit?.id };
  }, [params, me.unit]);
  const [chartCode, setChartCode] = useState<string | null>(null);
  const chartIndicator = chartCode && analysis.indicators.includes(chartCode) ? chartCode : analysis.indicators[0] ?? '';

  const catalogue = useIndicatorCatalogue();
  const ancestors = useAncestors(analysis.unitId ?? null);
  // The units above, root first, do not include the unit itself: its name comes from its own record.
  const unit = useOrgUnit(analysis.unitId ?? 0, analysis.unitId !== undefined);
  const include = analysis.includeSubmitted ? 'submitted' : 'approved';
  const basis = { basis: analysis.basis, asOf: analysis.asOf };
  const overTime = useAggregates({ indicators: analysis.indicators, periods: analysis.periods, unitId: analysis.unitId, by: 'period', include, ...basis });
  const children = useAggregates({ indicators: analysis.indicators, periods: [analysis.focus], unitId: analysis.unitId, by: 'children', include, ...basis });

  const update = (change: Partial<Analysis>) => setParams(writeAnalysis({ ...analysis, ...change }));
  const unitName = (analysis.unitId !== undefined ? unit.data?.name : undefined) ?? me.unit?.name ?? t('header.allUnits');
  const name = (code: string) => indicatorName(catalogue.data?.get(code), code, locale);

  const periodOptions = sortPeriods([...new Set([...recentPeriods(analysis.type, new Date(), 12), ...analysis.periods])]).reverse();
  const focusRows = (overTime.data ?? []).filter((row) => row.period === analysis.focus);
  const tableRows = [...rowsByUnit(focusRows, true), ...rowsByUnit(children.data ?? [], false)];

  const columns: TableColumnsType<UnitRow> = [
    {
      key: 'unit',
      title: t('submissions.unit'),
      fixed: 'left',
      width: 240,
      render: (_, row) => (row.total
        ? <strong>{t('analysis.total', { unit: row.unit.name })}</strong>
        : <Link to={`/indicators?${writeAnalysis({ ...analysis, unitId: row.unit.id }).toString()}`} title={t('analysis.drill', { unit: row.unit.name })}>{row.unit.name}</Link>),
    },
    ...analysis.indicators.map((code) => ({
      key: code,
      title: <span title={code}>{name(code)}</span>,
      width: 190,
      align: 'right' as const,
      render: (_: unknown, row: UnitRow) => {
        const cell = row.byIndicator.get(code);
        if (!cell) return '—';
        if (!cell.comparable) return <Typography.Text type="secondary" data-indicator={code}>{t('analysis.notComparable')}</Typography.Text>;
        return (
          <>
            <span data-indicator={code}>{formatAggregate(cell, catalogue.data?.get(code), locale)}</span>
            {cell.target && (
              <div>
                <Tag bordered={false} color={cell.target.met === true ? 'success' : cell.target.met === false ? 'error' : 'default'} style={{ marginInlineEnd: 0 }}>
                  {t('analysis.target', { target: formatTarget(cell.target, locale) })}
                </Tag>
              </div>
            )}
          </>
        );
      },
    })),
    {
      key: 'completeness',
      title: t('analysis.completeness'),
      width: 170,
      render: (_, row) => {
        const first = row.byIndicator.get(analysis.indicators[0] ?? '');
        if (!first || first.expected === null) return '—';
        return t('analysis.reportedOf', {
          reported: formatNumber(first.reported, locale),
          expected: formatNumber(first.expected, locale),
          onTime: formatNumber(first.on_time ?? 0, locale),
        });
      },
    },
  ];

  const share = isShare(catalogue.data?.get(chartIndicator));
  const axis = { type: 'value' as const, ...(share ? { max: 100, axisLabel: { formatter: '{value}%' } } : { minInterval: 1 }) };
  const tooltip = { trigger: 'axis' as const, valueFormatter: (v: unknown) => (typeof v === 'number' ? `${formatNumber(v, locale)}${share ? '%' : ''}` : '—') };
  const lineRows = (overTime.data ?? []).filter((row) => row.indicator === chartIndicator);
  const gaps = notComparablePeriods(lineRows, chartIndicator, analysis.periods).map((p) => formatPeriod(p, locale));
  const lineUnits = rowsByUnit(lineRows, true).map((r) => r.unit);
  const lineOption = {
    tooltip,
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: analysis.periods.map((p) => formatPeriod(p, locale)) },
    yAxis: axis,
    series: lineUnits.map((unit) => ({
      type: 'line',
      name: unit.name,
      connectNulls: false,
      data: analysis.periods.map((p) => {
        const row = lineRows.find((r) => r.period === p && r.org_unit.id === unit.id);
        return row ? plotted(row, catalogue.data?.get(chartIndicator)) : null;
      }),
    })),
  };
  const barRows = (children.data ?? []).filter((row) => row.indicator === chartIndicator);
  const barOption = {
    tooltip,
    grid: { left: 48, right: 16, top: 16, bottom: 80 },
    xAxis: { type: 'category', data: barRows.map((r) => r.org_unit.name), axisLabel: { interval: 0, rotate: barRows.length > 4 ? 30 : 0, width: 110, overflow: 'truncate', lineHeight: 14 } },
    yAxis: axis,
    series: [{ type: 'bar', name: name(chartIndicator), data: barRows.map((r) => plotted(r, catalogue.data?.get(chartIndicator))), itemStyle: { color: '#b71c1c' } }],
  };

  const exportRows = [...(overTime.data ?? []), ...(children.data ?? [])];
  const labels: ExportLabels = {
    unitCode: t('export.unitCode'), unit: t('submissions.unit'), period: t('submissions.period'), indicatorCode: t('export.indicatorCode'),
    indicator: t('export.indicator'), value: t('export.value'), numerator: t('figures.numerator'), denominator: t('figures.denominator'),
    percent: t('export.percent'), expected: t('export.expected'), reported: t('export.reported'), onTime: t('submissions.onTime'), target: t('export.target'),
    basis: t('analysis.basis'),
    basisValue: analysis.basis === 'reported'
      ? t('analysis.basisReported')
      : t('export.basisCurrentOn', { day: formatDate(analysis.asOf ?? dayjs().format('YYYY-MM-DD')) }),
  };
  const fileName = `qcdc-chi-so-${analysis.focus}${analysis.basis === 'current' ? '-theo-don-vi-hien-nay' : ''}`;
  const exportAs = async (kind: 'csv' | 'xlsx') => {
    const table = aggregateTable(exportRows, catalogue.data ?? new Map(), labels, locale);
    try {
      if (kind === 'csv') downloadCsv(table, `${fileName}.csv`);
      else await downloadXlsx(table, `${fileName}.xlsx`, formatPeriod(analysis.focus, locale).replace(/[/\\?*[\]:]/g, '-'));
    } catch (error) {
      void message.error(problemText(error, t));
    }
  };

  const error = overTime.error ?? children.error;
  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Form layout="vertical">
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Form.Item label={t('analysis.indicators')} htmlFor="analysis-indicators" style={{ marginBottom: 12 }}>
                <IndicatorPicker value={analysis.indicators} onChange={(indicators) => update({ indicators })} catalogue={catalogue.data} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item label={t('analysis.unit')} htmlFor="analysis-unit" style={{ marginBottom: 12 }}>
                <UnitSelect
                  id="analysis-unit"
                  value={analysis.unitId ?? null}
                  initial={analysis.unitId !== undefined ? { id: analysis.unitId, name: unitName } : null}
                  onChange={(id) => update({ unitId: id ?? undefined })}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item label={t('analysis.includeSubmitted')} htmlFor="analysis-include" style={{ marginBottom: 12 }}>
                <Switch id="analysis-include" checked={analysis.includeSubmitted} onChange={(includeSubmitted) => update({ includeSubmitted })} />
              </Form.Item>
            </Col>
            <Col xs={24} xl={18}>
              <Form.Item label={t('analysis.basis')} style={{ marginBottom: 12 }} extra={t('analysis.basisHelp')}>
                <Flex gap={16} wrap align="center">
                  <Radio.Group
                    aria-label={t('analysis.basis')}
                    optionType="button"
                    value={analysis.basis}
                    onChange={(event) => update({ basis: event.target.value as Basis, asOf: undefined })}
                    options={[
                      { value: 'reported', label: t('analysis.basisReported') },
                      { value: 'current', label: t('analysis.basisCurrent') },
                    ]}
                  />
                  {/* The day only chooses the units of the current basis; as reported, each period has its own tree. */}
                  {analysis.basis === 'current' && (
                    <Flex gap={8} align="center">
                      <label htmlFor="analysis-as-of">{t('analysis.asOf')}</label>
                      <DatePicker
                        id="analysis-as-of"
                        format="DD/MM/YYYY"
                        value={analysis.asOf ? dayjs(analysis.asOf) : null}
                        onChange={(day) => update({ asOf: day ? day.format('YYYY-MM-DD') : undefined })}
                        placeholder={t('units.today')}
                      />
                    </Flex>
                  )}
                </Flex>
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={4}>
              <Form.Item label={t('analysis.periodType')} htmlFor="analysis-type" style={{ marginBottom: 0 }}>
                <Select<ApiPeriodType>
                  id="analysis-type"
                  value={analysis.type}
                  onChange={(type) => {
                    const periods = sortPeriods(recentPeriods(type, new Date(), 4));
                    update({ type, periods, focus: periods[periods.length - 1] ?? '' });
                  }}
                  options={PERIOD_TYPES.map((type) => ({ value: type, label: t(`periodType.${type}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={16} xl={14}>
              <Form.Item label={t('analysis.periods')} htmlFor="analysis-periods" style={{ marginBottom: 0 }}>
                <Select<string[]>
                  id="analysis-periods"
                  mode="multiple"
                  maxCount={12}
                  value={analysis.periods}
                  onChange={(chosen) => {
                    if (chosen.length === 0) return;
                    const periods = sortPeriods(chosen);
                    update({ periods, focus: periods.includes(analysis.focus) ? analysis.focus : periods[periods.length - 1] ?? '' });
                  }}
                  options={periodOptions.map((id) => ({ value: id, label: formatPeriod(id, locale) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={6}>
              <Form.Item label={t('analysis.focus')} htmlFor="analysis-focus" style={{ marginBottom: 0 }}>
                <Select<string>
                  id="analysis-focus"
                  value={analysis.focus}
                  onChange={(focus) => update({ focus })}
                  options={analysis.periods.map((id) => ({ value: id, label: formatPeriod(id, locale) }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>

      {error ? <Card><QueryError error={error} onRetry={() => { void overTime.refetch(); void children.refetch(); }} /></Card> : (
        <>
          <Card
            size="small"
            title={t('analysis.tableTitle', { unit: unitName, period: formatPeriod(analysis.focus, locale) })}
            extra={(
              <Flex gap={8}>
                <Button size="small" icon={<DownloadOutlined aria-hidden />} disabled={exportRows.length === 0} onClick={() => void exportAs('csv')}>{t('analysis.csv')}</Button>
                <Button size="small" icon={<DownloadOutlined aria-hidden />} disabled={exportRows.length === 0} onClick={() => void exportAs('xlsx')}>{t('analysis.xlsx')}</Button>
              </Flex>
            )}
          >
            {ancestors.data && ancestors.data.length > 0 && (
              <nav aria-label={t('analysis.path')}>
                <Breadcrumb
                  style={{ marginBottom: 8 }}
                  items={[
                    ...ancestors.data.filter((above) => above.id !== analysis.unitId).map((above) => ({
                      key: above.id,
                      title: <Link to={`/indicators?${writeAnalysis({ ...analysis, unitId: above.id }).toString()}`}>{above.name}</Link>,
                    })),
                    { key: analysis.unitId ?? 0, title: unitName },
                  ]}
                />
              </nav>
            )}
            <Table<UnitRow>
              size="small"
              rowKey={(row) => `${row.total ? 'total' : 'child'}-${row.unit.id}`}
              columns={columns}
              dataSource={tableRows}
              loading={overTime.isFetching || children.isFetching}
              scroll={{ x: 'max-content' }}
              pagination={false}
              rowClassName={(row) => (row.total ? 'analysis-total' : '')}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('analysis.empty')} /> }}
            />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
              {t(analysis.includeSubmitted ? 'analysis.noteSubmitted' : 'analysis.noteApproved')} {t('analysis.drillHelp')}
            </Typography.Paragraph>
          </Card>
          <Card
            size="small"
            title={t('analysis.charts')}
            extra={analysis.indicators.length > 1 && (
              <Segmented<string>
                aria-label={t('analysis.chartIndicator')}
                size="small"
                value={chartIndicator}
                onChange={setChartCode}
                options={analysis.indicators.map((code) => ({ value: code, label: <span title={name(code)}>{code.replace(/^QCDC_/, '')}</span> }))}
              />
            )}
          >
            <Typography.Text strong>{name(chartIndicator)}{share ? ' (%)' : ''}</Typography.Text>
            <Row gutter={16}>
              <Col xs={24} lg={12}>
                <Typography.Title level={3} style={{ fontSize: 14 }}>{t('analysis.overTime', { unit: unitName })}</Typography.Title>
                {lineRows.some((r) => r.value !== null)
                  ? <Chart option={lineOption} height={260} label={t('analysis.overTime', { unit: unitName })} />
                  : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('analysis.noData')} />}
                {gaps.length > 0 && <Alert type="info" showIcon message={t('analysis.notComparableNote', { periods: gaps.join(', ') })} />}
              </Col>
              <Col xs={24} lg={12}>
                <Typography.Title level={3} style={{ fontSize: 14 }}>{t('analysis.acrossChildren', { period: formatPeriod(analysis.focus, locale) })}</Typography.Title>
                {barRows.some((r) => r.value !== null)
                  ? (
                    <Chart
                      option={barOption}
                      height={260}
                      label={t('analysis.acrossChildren', { period: formatPeriod(analysis.focus, locale) })}
                      onPick={(index) => {
                        const unit = barRows[index]?.org_unit;
                        if (unit) update({ unitId: unit.id });
                      }}
                    />
                  )
                  : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('analysis.noData')} />}
              </Col>
            </Row>
          </Card>
        </>
      )}
    </Flex>
  );
}

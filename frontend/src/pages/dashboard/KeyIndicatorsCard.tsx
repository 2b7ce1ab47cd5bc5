import { Card, Col, Flex, Row, Segmented, Skeleton, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useAggregates, useIndicatorCatalogue } from '../../api/aggregateQueries';
import { useRootUnits } from '../../api/queries';
import type { AggregateRow } from '../../api/types';
import { useCurrentUser } from '../../app/CurrentUser';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { formatAggregate, formatTarget, indicatorName } from '../../lib/aggregates';
import { formatNumber, formatPeriod } from '../../lib/format';
import { recentPeriods, sortPeriods } from '../../lib/periods';
import { writeAnalysis } from '../indicators/analysisParams';

/** The figures a steering committee looks at first, one per group of the Law's catalogue. */
export const KEY_INDICATORS = [
  'QCDC_DISCLOSURE_DONE', 'QCDC_LEADER_DIALOGUES', 'QCDC_VILLAGES_WITH_CONVENTION',
  'QCDC_STAFF_CONF', 'QCDC_OFFICIALS_TRAINED', 'QCDC_INSPECTIONS',
];

/** The latest period anything was reported for, so the card opens on figures rather than on blanks. */
export function latestReported(rows: readonly AggregateRow[], periods: readonly string[]): string | undefined {
  return [...periods].reverse().find((period) => rows.some((row) => row.period === period && row.reported > 0));
}

export interface KeyFigures {
  unitId: number | undefined;
  unitName: string;
  years: string[];
  year: string;
  rows: ReturnType<typeof useAggregates>;
  catalogue: ReturnType<typeof useIndicatorCatalogue>;
  /** The indicators page showing one indicator for this unit and these years. */
  link: (code: string) => string;
}

/** The key figures of the caller's unit over the last five years, and the year the dashboard shows. */
export function useKeyFigures(picked: string | undefined): KeyFigures {
  const { me } = useCurrentUser();
  const roots = useRootUnits();
  const unitId = me.unit?.id ?? roots.data?.[0]?.id;
  const unitName = me.unit?.name ?? roots.data?.[0]?.name ?? '';
  const years = sortPeriods(recentPeriods('year', new Date(), 5));
  const catalogue = useIndicatorCatalogue();
  const rows = useAggregates({ indicators: KEY_INDICATORS, periods: years, unitId, by: 'period' }, unitId !== undefined);
  const year = picked ?? latestReported(rows.data ?? [], years) ?? years[years.length - 1] ?? '';
  const link = (code: string) => `/indicators?${writeAnalysis({
    indicators: [code], unitId, type: 'year', periods: years, focus: year, includeSubmitted: false, basis: 'reported', asOf: undefined,
  }).toString()}`;
  return { unitId, unitName, years, year, rows, catalogue, link };
}

/** One tile per key indicator: the figure, its target, how many units reported; each opens its analysis. */
export function KeyIndicatorsCard({ figures, onYear }: { figures: KeyFigures; onYear: (year: string) => void }) {
  const { t, locale } = useI18n();
  const { rows, catalogue, year, years, link } = figures;
  const ofYear = (rows.data ?? []).filter((row) => row.period === year);

  return (
    <Card
      title={t('dashboard.keyIndicators', { unit: figures.unitName })}
      styles={{ body: { minHeight: 320 } }}
      extra={(
        <Segmented<string>
          aria-label={t('dashboard.year')}
          size="small"
          value={year}
          onChange={onYear}
          options={years.map((id) => ({ value: id, label: id, title: formatPeriod(id, locale) }))}
        />
      )}
    >
      {rows.isError ? <QueryError error={rows.error} onRetry={() => void rows.refetch()} /> : rows.isPending || catalogue.isPending ? <Skeleton active paragraph={{ rows: 7 }} /> : (
        <Row gutter={[12, 12]}>
          {KEY_INDICATORS.map((code) => {
            const row = ofYear.find((r) => r.indicator === code);
            const indicator = catalogue.data?.get(code);
            const name = indicatorName(indicator, code, locale);
            return (
              <Col key={code} xs={24} sm={12} lg={8}>
                <Link to={link(code)} style={{ display: 'block', height: '100%' }} aria-label={`${name}: ${row ? formatAggregate(row, indicator, locale) : '—'}`} data-indicator={code}>
                  <Card size="small" hoverable style={{ height: '100%' }}>
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }} ellipsis={{ rows: 2, tooltip: name }}>{name}</Typography.Paragraph>
                    <Typography.Text strong style={{ fontSize: 20 }}>{row ? formatAggregate(row, indicator, locale) : '—'}</Typography.Text>
                    <Flex gap={4} wrap style={{ marginTop: 4 }}>
                      {row?.target && (
                        <Tag bordered={false} color={row.target.met === true ? 'success' : row.target.met === false ? 'error' : 'default'}>
                          {t('analysis.target', { target: formatTarget(row.target, locale) })}
                        </Tag>
                      )}
                      {row && row.expected !== null && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('dashboard.reportedOf', { reported: formatNumber(row.reported, locale), expected: formatNumber(row.expected, locale) })}
                        </Typography.Text>
                      )}
                    </Flex>
                  </Card>
                </Link>
              </Col>
            );
          })}
        </Row>
      )}
    </Card>
  );
}

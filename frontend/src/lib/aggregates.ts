/**
 * Aggregated figures as officials read them: a count as a number ("1.294"), a ratio as its share
 * with the parts ("86,7% (13/15)"), yes/no as how many units said yes of those expected
 * ("1/5 đơn vị (20%)"); and the same rows as a table to export.
 */
import type { AggregateRow, Indicator, TargetRef } from '../api/types';
import type { ExportTable } from './exportTable';
import { formatNumber, formatPercent, type Locale } from './format';

export type AggregateIndicator = Pick<Indicator, 'code' | 'name' | 'name_en' | 'value_type' | 'unit_of_measure'>;

/**
 * The number a chart plots for a row: the share for ratios and yes/no, the value otherwise; none
 * (a gap, never a zero) for a figure that is not comparable.
 */
export function plotted(row: AggregateRow, indicator: Pick<Indicator, 'value_type'> | undefined): number | null {
  if (!row.comparable) return null;
  if (indicator && (indicator.value_type === 'ratio' || indicator.value_type === 'yes_no')) return row.percent;
  return row.value;
}

/**
 * The periods, in the order given, where a row of `indicator` is not comparable: on today's units,
 * part of its figure came through a split that such an indicator cannot be divided by.
 */
export function notComparablePeriods(rows: readonly AggregateRow[], indicator: string, periods: readonly string[]): string[] {
  const marked = new Set(rows.filter((row) => row.indicator === indicator && !row.comparable).map((row) => row.period));
  return periods.filter((period) => marked.has(period));
}

/** Whether charts of this indicator are in percent. */
export function isShare(indicator: Pick<Indicator, 'value_type'> | undefined): boolean {
  return indicator?.value_type === 'ratio' || indicator?.value_type === 'yes_no';
}

export function formatAggregate(row: AggregateRow, indicator: AggregateIndicator | undefined, locale: Locale): string {
  if (row.value === null && row.percent === null) return '—';
  if (indicator?.value_type === 'ratio') {
    return `${formatPercent(row.percent, locale)} (${formatNumber(row.numerator, locale)}/${formatNumber(row.denominator, locale)})`;
  }
  if (indicator?.value_type === 'yes_no') {
    const uom = indicator.unit_of_measure ? ` ${indicator.unit_of_measure}` : '';
    return `${formatNumber(row.numerator, locale)}/${formatNumber(row.denominator, locale)}${uom} (${formatPercent(row.percent, locale)})`;
  }
  return formatNumber(row.value, locale);
}

/** "≥ 100%": a target as the plan writes it. */
export function formatTarget(target: TargetRef | null, locale: Locale): string {
  if (!target) return '—';
  const comparator = target.comparator.replace('>=', '≥').replace('<=', '≤');
  const unit = target.unit === '%' ? '%' : ` ${target.unit}`;
  return `${comparator} ${formatNumber(target.value, locale)}${unit}`;
}

export function indicatorName(indicator: AggregateIndicator | undefined, code: string, locale: Locale): string {
  if (!indicator) return code;
  return locale === 'en' && indicator.name_en ? indicator.name_en : indicator.name;
}

export interface ExportLabels {
  /** The column saying how the figures were computed, and its value on every row. */
  basis: string;
  basisValue: string;
  unitCode: string;
  unit: string;
  period: string;
  indicatorCode: string;
  indicator: string;
  value: string;
  numerator: string;
  denominator: string;
  percent: string;
  expected: string;
  reported: string;
  onTime: string;
  target: string;
}

/** One line per unit, period and indicator: the long shape every spreadsheet and script can pivot. */
export function aggregateTable(
  rows: readonly AggregateRow[],
  indicators: ReadonlyMap<string, AggregateIndicator>,
  labels: ExportLabels,
  locale: Locale,
): ExportTable {
  return {
    columns: [
      labels.unitCode, labels.unit, labels.period, labels.indicatorCode, labels.indicator, labels.value,
      labels.numerator, labels.denominator, labels.percent, labels.expected, labels.reported, labels.onTime, labels.target,
      labels.basis,
    ],
    rows: rows.map((row) => [
      row.org_unit.code,
      row.org_unit.name,
      row.period,
      row.indicator,
      indicatorName(indicators.get(row.indicator), row.indicator, locale),
      row.value,
      row.numerator,
      row.denominator,
      row.percent,
      row.expected,
      row.reported,
      row.on_time,
      row.target ? formatTarget(row.target, locale) : null,
      labels.basisValue,
    ]),
  };
}

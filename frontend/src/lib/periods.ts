/**
 * Period arithmetic on the identifiers of Decree 09/2019/NĐ-CP (2024, 2024S1, 2024N9, 2024Q1,
 * 202403): the period before, the periods of a year, the recent ones to offer in a picker. The
 * server resolves dates and deadlines; these only name periods.
 */
import { parsePeriod, type Period, type PeriodType } from './format';

/** The period types as the API names them (the same word here). */
export type ApiPeriodType = PeriodType;

export function periodId(period: Period): string {
  const { type, year, index = 0 } = period;
  switch (type) {
    case 'year': return String(year);
    case 'semiannual': return `${year}S${index}`;
    case 'nine_months': return `${year}N9`;
    case 'quarter': return `${year}Q${index}`;
    case 'month': return `${year}${String(index).padStart(2, '0')}`;
  }
}

export function periodTypeOf(id: string): ApiPeriodType | null {
  const period = parsePeriod(id);
  return period ? period.type : null;
}

/** How many periods of a type a year has. */
const PER_YEAR: Record<PeriodType, number> = { year: 1, semiannual: 2, nine_months: 1, quarter: 4, month: 12 };

/**
 * The period a report is compared with: the one just before, of the same type (2023 → 2022,
 * 2024Q1 → 2023Q4, 2024S1 → 2023S2). Nine months has one per year, so it is last year's.
 */
export function previousPeriod(id: string): string | null {
  const period = parsePeriod(id);
  if (!period) return null;
  const count = PER_YEAR[period.type];
  const index = period.index ?? 1;
  if (count === 1 || index === 1) {
    return periodId({ ...period, year: period.year - 1, ...(count > 1 ? { index: count } : {}) });
  }
  return periodId({ ...period, index: index - 1 });
}

/** Every period of a type in a year, in order. */
export function periodsOfYear(type: ApiPeriodType, year: number): string[] {
  if (type === 'year') return [String(year)];
  if (type === 'nine_months') return [`${year}N9`];
  return Array.from({ length: PER_YEAR[type] }, (_, i) => periodId({ type, year, index: i + 1 }));
}

/** The calendar period of a type that `day` falls in (the picker's default; deadlines are the server's). */
export function periodContaining(type: ApiPeriodType, day: Date): string {
  const year = day.getFullYear();
  const month = day.getMonth() + 1;
  switch (type) {
    case 'year': return String(year);
    case 'nine_months': return `${year}N9`;
    case 'semiannual': return `${year}S${month <= 6 ? 1 : 2}`;
    case 'quarter': return `${year}Q${Math.ceil(month / 3)}`;
    case 'month': return `${year}${String(month).padStart(2, '0')}`;
  }
}

/** The `count` periods of a type up to the one containing `day`, latest first. */
export function recentPeriods(type: ApiPeriodType, day: Date, count: number): string[] {
  const periods: string[] = [];
  let current: string | null = periodContaining(type, day);
  while (current && periods.length < count) {
    periods.push(current);
    current = previousPeriod(current);
  }
  return periods;
}

/** Periods in time order (2023 < 2024Q1 < 2024Q2): the identifiers sort as their start dates do within a type. */
export function sortPeriods(ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => a.localeCompare(b));
}

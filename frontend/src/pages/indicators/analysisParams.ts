/**
 * The indicators page keeps its choices in the address (?i=…&unit=…&type=year&p=2022,2023&focus=2023
 * &basis=current&asof=2025-06-30), so a figure on the dashboard can link to exactly this view and
 * the back button undoes a drill-down.
 */
import { readDay } from '../../lib/days';
import { periodTypeOf, recentPeriods, sortPeriods, type ApiPeriodType } from '../../lib/periods';

export const DEFAULT_INDICATORS = ['QCDC_LEADER_DIALOGUES', 'QCDC_VILLAGES_WITH_CONVENTION', 'QCDC_DISCLOSURE_DONE'];
const TYPES: readonly ApiPeriodType[] = ['year', 'semiannual', 'nine_months', 'quarter', 'month'];

export interface Analysis {
  indicators: string[];
  unitId: number | undefined;
  type: ApiPeriodType;
  periods: string[];
  focus: string;
  includeSubmitted: boolean;
  /** reported: each period on the tree of its end; current: carried to the units of `asOf`. */
  basis: Basis;
  /** With basis current, the day whose units answer (YYYY-MM-DD); undefined: today. */
  asOf: string | undefined;
}

export type Basis = 'reported' | 'current';

function list(value: string | null): string[] {
  return (value ?? '').split(',').map((part) => part.trim()).filter(Boolean);
}

export function readAnalysis(params: URLSearchParams, today: Date): Analysis {
  const typeParam = params.get('type');
  const type = TYPES.find((candidate) => candidate === typeParam) ?? 'year';
  const chosen = list(params.get('p')).filter((id) => periodTypeOf(id) === type);
  const periods = sortPeriods(chosen.length > 0 ? chosen : recentPeriods(type, today, 4));
  const focusParam = params.get('focus');
  const focus = focusParam && periods.includes(focusParam) ? focusParam : periods[periods.length - 1] ?? '';
  const unit = params.get('unit');
  const indicators = list(params.get('i')).slice(0, 5);
  return {
    indicators: indicators.length > 0 ? indicators : DEFAULT_INDICATORS,
    unitId: unit && /^\d+$/.test(unit) ? Number(unit) : undefined,
    type,
    periods,
    focus,
    includeSubmitted: params.get('inc') === 'submitted',
    basis: params.get('basis') === 'current' ? 'current' : 'reported',
    // A day only chooses the units of the current basis; as reported, each period has its own tree.
    asOf: params.get('basis') === 'current' ? readDay(params.get('asof')) : undefined,
  };
}

export function writeAnalysis(analysis: Analysis): URLSearchParams {
  const params = new URLSearchParams();
  params.set('i', analysis.indicators.join(','));
  if (analysis.unitId !== undefined) params.set('unit', String(analysis.unitId));
  params.set('type', analysis.type);
  params.set('p', analysis.periods.join(','));
  params.set('focus', analysis.focus);
  if (analysis.includeSubmitted) params.set('inc', 'submitted');
  if (analysis.basis === 'current') {
    params.set('basis', 'current');
    if (analysis.asOf) params.set('asof', analysis.asOf);
  }
  return params;
}

/**
 * Compiled reports (báo cáo tổng hợp): which forms are compiled from below, and the gathered
 * material as a compiler reads it ("24/24 (100%)", "Xã Song Vân: …").
 */
import type { CompiledTotal, NarrativeMaterial, OrgUnitKind, OrgUnitRef, ReportingForm, ValueType } from '../api/types';
import { formatNumber, formatPercent, type Locale } from './format';

/** A form no grassroots unit reports is compiled from the reports of the units below (as the server decides). */
export function isCompiledForm(form: Pick<ReportingForm, 'reporters'>): boolean {
  return (form.reporters.grassroots_types ?? []).length === 0;
}

/** The compiled forms, those the unit's kind owes first (the rest stay pickable: the server has the last word). */
export function compiledForms<F extends Pick<ReportingForm, 'reporters'>>(forms: readonly F[], kind: OrgUnitKind | undefined): F[] {
  const compiled = forms.filter(isCompiledForm);
  const owes = (form: F) => kind !== undefined && (form.reporters.kinds ?? []).includes(kind);
  return [...compiled.filter(owes), ...compiled.filter((form) => !owes(form))];
}

/**
 * A total as the report prints it: shares (yes/no, ratios) as "13/15 (86,7%)", counts and sums as
 * a number; a dash when no unit below reported it.
 */
export function formatTotal(total: CompiledTotal, valueType: ValueType, locale: Locale = 'vi'): string {
  if (total.reported === 0) return '—';
  if ((valueType === 'yes_no' || valueType === 'ratio') && total.numerator !== null && total.denominator !== null) {
    const share = `${formatNumber(total.numerator, locale)}/${formatNumber(total.denominator, locale)}`;
    return total.percent === null ? share : `${share} (${formatPercent(total.percent, locale)})`;
  }
  return formatNumber(total.value, locale);
}

/** Units named in a sentence: "Công ty A, Công ty B". */
export function unitNames(units: readonly Pick<OrgUnitRef, 'name'>[]): string {
  return units.map((unit) => unit.name).join(', ');
}

/** What the units below wrote for a section, each attributed: "Xã Song Vân: …"; blank texts left out. */
export function attributedTexts(section: NarrativeMaterial | undefined): string[] {
  return (section?.contributions ?? [])
    .filter((contribution) => contribution.text.trim() !== '')
    .map((contribution) => `${contribution.unit.name}: ${contribution.text.trim()}`);
}

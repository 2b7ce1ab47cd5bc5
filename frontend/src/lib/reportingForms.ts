/**
 * Reporting forms (mẫu báo cáo) as the web app edits them: the drawer's values made from a form and
 * turned back into the API's ReportingFormCreate / ReportingFormUpdate, where a refused field goes
 * in the drawer, who may change a form, and the short summaries the list shows.
 */
import type { FieldPath } from '../api/problem';
import type {
  CrossRuleOperator, CutoffRule, DeadlineDays, GrassrootsType, Me, OrgUnitKind, ReportingForm, ReportingFormCreate,
  ReportingFormUpdate, ValueType,
} from '../api/types';
import type { Translate } from '../i18n';
import type { PeriodType } from './format';
import { foldDiacritics } from './integrations';

/** The levels a deadline is set for, top-down as officials read them: xã, huyện, tỉnh. */
export const LEVELS = ['commune', 'district', 'province'] as const satisfies readonly (keyof DeadlineDays)[];
export type Level = (typeof LEVELS)[number];

export const PERIOD_TYPES = ['year', 'semiannual', 'nine_months', 'quarter', 'month'] as const satisfies readonly PeriodType[];

/** Value types a cross-field rule may compare (the server's NUMERIC_TYPES). */
const NUMERIC: readonly ValueType[] = ['count', 'number', 'ratio'];

/**
 * The contract's limits (backend/reporting_forms/schemas.py, openapi ReportingFormCreate), checked
 * in the drawer before a save so an official is told beside the field, in Vietnamese.
 */
export const LIMITS = {
  code: 64,
  codePattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
  name: 255,
  indicators: 500,
  narrative: 50,
  sectionKey: 64,
  sectionKeyPattern: /^[a-z][a-z0-9_]*$/,
  sectionTitle: 255,
  rules: 100,
  ruleMessage: 500,
  deadlineDays: 365,
  windowDays: 3650,
  remindDays: 60,
} as const;

/** One line of the form in the drawer: the indicator's code, what to show of it, and `required`. */
export interface IndicatorLine {
  indicator: string;
  name: string;
  value_type: ValueType;
  required: boolean;
}

export interface SectionLine {
  key: string;
  title: string;
}

/** A rule as the drawer holds it: nothing chosen yet is undefined, so the field says it is needed. */
export interface RuleLine {
  left: string | undefined;
  op: CrossRuleOperator | undefined;
  right: string | undefined;
  message: string;
}

/** The drawer's values: the API's shape, with the empty state of each input (null, '', undefined). */
export interface FormValues {
  code: string;
  name: string;
  name_en: string;
  period_type: PeriodType | undefined;
  period_rule: CutoffRule;
  owner_unit_id: number | null;
  indicators: IndicatorLine[];
  narrative: SectionLine[];
  reporters: { grassroots_types: GrassrootsType[]; kinds: OrgUnitKind[] };
  deadline_working_days: Record<Level, number | null>;
  opens_days_before_end: number | null;
  closes_days_after_deadline: number | null;
  remind_days_before: number;
  rules: RuleLine[];
  is_active: boolean;
}

/** What a new form starts with: the server's defaults (decree 09 cut-off, 3 days' reminder, active). */
export function newFormValues(ownerUnitId: number | null): FormValues {
  return {
    code: '', name: '', name_en: '', period_type: undefined, period_rule: 'decree09', owner_unit_id: ownerUnitId,
    indicators: [], narrative: [], reporters: { grassroots_types: [], kinds: [] },
    deadline_working_days: { commune: null, district: null, province: null },
    opens_days_before_end: null, closes_days_after_deadline: null, remind_days_before: 3, rules: [], is_active: true,
  };
}

export function formValuesOf(form: ReportingForm): FormValues {
  const days = form.deadline_working_days;
  return {
    code: form.code,
    name: form.name,
    name_en: form.name_en ?? '',
    period_type: form.period_type,
    period_rule: form.period_rule,
    owner_unit_id: form.owner_unit_id,
    indicators: form.indicators.map((i) => ({ indicator: i.code, name: i.name, value_type: i.value_type, required: i.required })),
    narrative: form.narrative.map((s) => ({ key: s.key, title: s.title })),
    reporters: { grassroots_types: [...(form.reporters.grassroots_types ?? [])], kinds: [...(form.reporters.kinds ?? [])] },
    deadline_working_days: { commune: days.commune ?? null, district: days.district ?? null, province: days.province ?? null },
    opens_days_before_end: form.opens_days_before_end,
    closes_days_after_deadline: form.closes_days_after_deadline,
    remind_days_before: form.remind_days_before,
    rules: form.rules.map((r) => ({ left: r.left, op: r.op, right: r.right, message: r.message })),
    is_active: form.is_active,
  };
}

/** An InputNumber left empty is null; the API takes null for "none". */
const count = (value: number | null | undefined): number | null => (value === undefined || value === null ? null : value);

/** Everything but the code, which is fixed once the form exists. */
function contents(values: FormValues): Omit<ReportingFormCreate, 'code' | 'period_type'> {
  const deadline: DeadlineDays = {};
  for (const level of LEVELS) {
    const days = count(values.deadline_working_days[level]);
    if (days !== null) deadline[level] = days;
  }
  return {
    name: values.name.trim(),
    name_en: values.name_en.trim() || null,
    period_rule: values.period_rule,
    owner_unit_id: values.owner_unit_id ?? null,
    indicators: values.indicators.map((line) => ({ indicator: line.indicator, required: Boolean(line.required) })),
    narrative: values.narrative.map((s) => ({ key: s.key.trim(), title: s.title.trim() })),
    reporters: { grassroots_types: [...values.reporters.grassroots_types], kinds: [...values.reporters.kinds] },
    deadline_working_days: deadline,
    opens_days_before_end: count(values.opens_days_before_end),
    closes_days_after_deadline: count(values.closes_days_after_deadline),
    remind_days_before: values.remind_days_before,
    rules: values.rules.map((r) => ({ left: r.left ?? '', op: r.op ?? '<=', right: r.right ?? '', message: r.message.trim() })),
    is_active: values.is_active,
  };
}

export function createPayload(values: FormValues): ReportingFormCreate {
  if (values.period_type === undefined) throw new Error('a form needs its period type');
  return { code: values.code.trim(), period_type: values.period_type, ...contents(values) };
}

/**
 * The whole form as it now stands: the lists (indicators, narrative, rules) replace the server's,
 * and a setting emptied is sent as null ("none") rather than left out, so clearing one sticks.
 */
export function updatePayload(values: FormValues): ReportingFormUpdate {
  return { ...(values.period_type !== undefined ? { period_type: values.period_type } : {}), ...contents(values) };
}

/** The indicators a rule may compare: the form's numeric ones. */
export function ruleIndicators(lines: readonly IndicatorLine[]): IndicatorLine[] {
  return lines.filter((line) => NUMERIC.includes(line.value_type));
}

/**
 * A narrative section's key made from its title, as the API wants it (a–z, digits, _; a letter
 * first): "Kết quả đạt được" → "ket_qua_dat_duoc".
 */
export function sectionKeyOf(title: string): string {
  const words = foldDiacritics(title).replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const key = /^[a-z]/.test(words) ? words : words ? `muc_${words}` : '';
  return key.slice(0, LIMITS.sectionKey).replace(/_+$/, '');
}

/** Keys used by more than one section (the server refuses them). */
export function repeatedKeys(sections: readonly Pick<SectionLine, 'key'>[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { key } of sections) {
    const k = key.trim();
    if (!k) continue;
    if (seen.has(k)) repeated.add(k);
    seen.add(k);
  }
  return repeated;
}

const SIMPLE = new Set([
  'code', 'name', 'name_en', 'period_type', 'period_rule', 'owner_unit_id', 'opens_days_before_end',
  'closes_days_after_deadline', 'remind_days_before', 'is_active',
]);
const LINE_FIELDS: Record<string, readonly string[]> = {
  indicators: ['indicator', 'required'],
  narrative: ['key', 'title'],
  rules: ['left', 'op', 'right', 'message'],
};
const GROUP_FIELDS: Record<string, readonly string[]> = {
  deadline_working_days: LEVELS,
  reporters: ['grassroots_types', 'kinds'],
};

/**
 * Where in the drawer an error of the API about `path` (["rules", 2, "left"]) is shown: the field
 * itself, a line's field, or the list for an error about the list as a whole; null when the
 * drawer has no such field (the sentence above the form says it then).
 */
export function formPlaceOf(path: FieldPath): (string | number)[] | null {
  const [top, second, third] = path;
  if (typeof top !== 'string') return null;
  if (SIMPLE.has(top)) return [top];
  const group = GROUP_FIELDS[top];
  if (group) return typeof second === 'string' && group.includes(second) ? [top, second] : null;
  const fields = LINE_FIELDS[top];
  if (!fields) return null;
  if (typeof second !== 'number') return [top];
  if (typeof third === 'string' && fields.includes(third)) return [top, second, third];
  // An indicator line is shown by its code; a rule or section as a whole has no field of its own.
  return top === 'indicators' ? [top, second, 'indicator'] : [top];
}

type Caller = Pick<Me, 'is_admin' | 'roles' | 'unit'>;

/**
 * Whether the caller may change a form, as the server decides (catalogue ownership): a national
 * form (no owner) is the whole country's administrators'; a unit's form is its own and its
 * ancestors' admins' and planners', never a unit's below. `aboveCaller` are the ids of the units
 * above the caller's unit: a form owned there is read-only to it.
 */
export function mayChangeForm(ownerUnitId: number | null, caller: Caller, aboveCaller: readonly number[]): boolean {
  const admin = caller.is_admin || caller.roles.includes('admin');
  if (!admin && !caller.roles.includes('planner')) return false;
  if (caller.unit === null) return admin;
  if (ownerUnitId === null) return false;
  return !aboveCaller.includes(ownerUnitId);
}

/** The owner a new form gets: the caller's unit; the whole country (null) for an admin of it. */
export function defaultOwner(caller: Pick<Me, 'unit'>): number | null {
  return caller.unit?.id ?? null;
}

/** "Xã 5 · Huyện 10 · Tỉnh 15" (working days after the period's cut-off), or null when none is set. */
export function deadlineSummary(days: DeadlineDays, t: Translate): string | null {
  const parts = LEVELS.flatMap((level) => {
    const value = days[level];
    return value === undefined || value === null ? [] : [t(`forms.levelShort.${level}`, { days: value })];
  });
  return parts.length ? parts.join(' · ') : null;
}

/**
 * The figures of a report as the user types them, checked against the rules the server sends with
 * each of the form's indicators (`rules`: whole, least value, denominator above, numerator at most
 * the denominator, digits, length), so the web app keeps no copy of them: checking here tells the
 * user at the keystroke rather than at "Save"; the server checks the same rules again.
 */
import type { CrossRule, DataValue, DataValueIn, FormIndicator } from '../api/types';
import { formatNumber, parseNumber, type Locale } from './format';

/** One cell group of the grid as typed: `value` for counts, numbers, yes/no ("yes"/"no") and text. */
export interface FigureDraft {
  value?: string;
  numerator?: string;
  denominator?: string;
}

export type Drafts = Record<string, FigureDraft>;

export type FigureProblem =
  | 'figures.required'
  | 'figures.whole'
  | 'figures.number'
  | 'figures.negative'
  | 'figures.partMissing'
  | 'figures.numeratorAbove'
  | 'figures.denominatorZero'
  | 'figures.tooLarge'
  | 'figures.tooLong'
  | 'figures.yesNo';

type FormIndicatorLike = Pick<FormIndicator, 'code' | 'value_type' | 'required' | 'categories' | 'rules'>;
type Rules = FormIndicator['rules'];

/** The key of a cell: the indicator, with its category option when it is disaggregated. */
export function figureKey(code: string, category: string | null = null): string {
  return category ? `${code}::${category}` : code;
}

/** The keys of every cell an indicator has: one, or one per category option. */
export function cellKeys(indicator: FormIndicatorLike): string[] {
  return indicator.categories.length === 0
    ? [figureKey(indicator.code)]
    : indicator.categories.map((c) => figureKey(indicator.code, c.code));
}

const blank = (text: string | undefined) => text === undefined || text.trim() === '';

function isEmpty(indicator: FormIndicatorLike, draft: FigureDraft | undefined): boolean {
  if (!draft) return true;
  return indicator.value_type === 'ratio' ? blank(draft.numerator) && blank(draft.denominator) : blank(draft.value);
}

/** A number as typed, against the indicator's rules (`whole`, `minimum`, `max_digits`). */
function checkAmount(text: string, rules: Rules, locale: Locale): FigureProblem | null {
  const value = parseNumber(text, locale);
  if (value === null) return rules.whole ? 'figures.whole' : 'figures.number';
  if (rules.minimum !== null && value < rules.minimum) return rules.whole ? 'figures.whole' : 'figures.negative';
  if (rules.whole && !Number.isInteger(value)) return 'figures.whole';
  return Math.abs(value) < 10 ** rules.max_digits ? null : 'figures.tooLarge';
}

function checkRatio(numerator: string, denominator: string, rules: Rules, locale: Locale): FigureProblem | null {
  if (blank(numerator) || blank(denominator)) return 'figures.partMissing';
  const problem = checkAmount(numerator, rules, locale) ?? checkAmount(denominator, rules, locale);
  if (problem) return problem;
  const top = parseNumber(numerator, locale) ?? 0;
  const bottom = parseNumber(denominator, locale) ?? 0;
  if (rules.denominator_above !== null && bottom <= rules.denominator_above) return 'figures.denominatorZero';
  return rules.numerator_le_denominator && top > bottom ? 'figures.numeratorAbove' : null;
}

function limitsOf(rules: Rules): CellProblem['params'] {
  return { digits: rules.max_digits, length: rules.max_length ?? 0 };
}

/** What is wrong with one cell as typed, empty being fine (whether it may be empty is `checkReport`'s). */
export function checkCell(indicator: FormIndicatorLike, draft: FigureDraft | undefined, locale: Locale): FigureProblem | null {
  if (isEmpty(indicator, draft) || !draft) return null;
  const rules = indicator.rules;
  switch (indicator.value_type) {
    case 'count':
    case 'number':
      return checkAmount(draft.value ?? '', rules, locale);
    case 'yes_no':
      return draft.value === 'yes' || draft.value === 'no' ? null : 'figures.yesNo';
    case 'text':
      return rules.max_length !== null && Array.from(draft.value ?? '').length > rules.max_length ? 'figures.tooLong' : null;
    case 'ratio':
      return checkRatio(draft.numerator ?? '', draft.denominator ?? '', rules, locale);
  }
}

/** The number a rule compares: a count's value, or the sum over its category options. */
export function amountOf(indicator: FormIndicatorLike, drafts: Drafts, locale: Locale): number | null {
  let total: number | null = null;
  for (const key of cellKeys(indicator)) {
    const draft = drafts[key];
    const text = indicator.value_type === 'ratio' ? draft?.numerator : draft?.value;
    const value = blank(text) ? null : parseNumber(text ?? '', locale);
    if (value !== null) total = (total ?? 0) + value;
  }
  return total;
}

const COMPARE: Record<CrossRule['op'], (a: number, b: number) => boolean> = {
  '<=': (a, b) => a <= b, '<': (a, b) => a < b, '>=': (a, b) => a >= b, '>': (a, b) => a > b, '==': (a, b) => a === b,
};

/** A cell's problem, with the limits its message names (the indicator's rules). */
export interface CellProblem {
  problem: FigureProblem;
  params: { digits: number; length: number };
}

export interface ReportCheck {
  /** Problems per cell key. */
  cells: Map<string, CellProblem>;
  /** Form rules across figures that do not hold (only when both sides are given). */
  rules: CrossRule[];
}

/**
 * Every problem of the grid. `forSubmit` adds the required figures: a draft may be saved half
 * done, a report is sent whole.
 */
export function checkReport(
  indicators: readonly FormIndicatorLike[],
  rules: readonly CrossRule[],
  drafts: Drafts,
  locale: Locale,
  forSubmit: boolean,
): ReportCheck {
  const cells = new Map<string, CellProblem>();
  for (const indicator of indicators) {
    const keys = cellKeys(indicator);
    for (const key of keys) {
      const problem = checkCell(indicator, drafts[key], locale);
      if (problem) cells.set(key, { problem, params: limitsOf(indicator.rules) });
    }
    if (forSubmit && indicator.required && keys.every((key) => isEmpty(indicator, drafts[key]))) {
      cells.set(keys[0] ?? indicator.code, { problem: 'figures.required', params: limitsOf(indicator.rules) });
    }
  }
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const broken = rules.filter((rule) => {
    const left = byCode.get(rule.left);
    const right = byCode.get(rule.right);
    if (!left || !right) return false;
    const a = amountOf(left, drafts, locale);
    const b = amountOf(right, drafts, locale);
    return a !== null && b !== null && !COMPARE[rule.op](a, b);
  });
  return { cells, rules: broken };
}

/** The figures to send: filled cells only, read as numbers; call after `checkReport` found nothing. */
export function toFiguresIn(indicators: readonly FormIndicatorLike[], drafts: Drafts, locale: Locale): DataValueIn[] {
  const figures: DataValueIn[] = [];
  for (const indicator of indicators) {
    const categories = indicator.categories.length === 0 ? [null] : indicator.categories.map((c) => c.code);
    for (const category of categories) {
      const draft = drafts[figureKey(indicator.code, category)];
      if (isEmpty(indicator, draft) || !draft) continue;
      const base = { indicator: indicator.code, ...(category ? { category } : {}) };
      switch (indicator.value_type) {
        case 'ratio':
          figures.push({
            ...base,
            numerator: parseNumber(draft.numerator ?? '', locale),
            denominator: parseNumber(draft.denominator ?? '', locale),
          });
          break;
        case 'yes_no':
          figures.push({ ...base, value: draft.value === 'yes' });
          break;
        case 'text':
          figures.push({ ...base, value: draft.value ?? '' });
          break;
        default:
          figures.push({ ...base, value: parseNumber(draft.value ?? '', locale) });
      }
    }
  }
  return figures;
}

function numberText(value: number | null, locale: Locale): string {
  return value === null ? '' : formatNumber(value, locale, 6);
}

/** The server's figures as the grid shows them. */
export function draftsFromFigures(figures: readonly DataValue[], locale: Locale): Drafts {
  const drafts: Drafts = {};
  for (const figure of figures) {
    const key = figureKey(figure.indicator, figure.category);
    if (figure.value_type === 'ratio') {
      drafts[key] = { numerator: numberText(figure.numerator, locale), denominator: numberText(figure.denominator, locale) };
    } else if (typeof figure.value === 'boolean') {
      drafts[key] = { value: figure.value ? 'yes' : 'no' };
    } else if (typeof figure.value === 'number') {
      drafts[key] = { value: numberText(figure.value, locale) };
    } else {
      drafts[key] = { value: figure.value ?? '' };
    }
  }
  return drafts;
}

/** Typed text compared by meaning: "1.294" and "1294" are the same figure. */
function sameText(a: string | undefined, b: string | undefined, locale: Locale): boolean {
  if (blank(a) && blank(b)) return true;
  const x = parseNumber(a ?? '', locale);
  const y = parseNumber(b ?? '', locale);
  if (x !== null && y !== null) return x === y;
  return (a ?? '').trim() === (b ?? '').trim();
}

/** The cells where two versions of the grid differ (the user's edits against the server's, after a conflict). */
export function changedCells(mine: Drafts, theirs: Drafts, locale: Locale): string[] {
  const keys = new Set([...Object.keys(mine), ...Object.keys(theirs)]);
  return [...keys].filter((key) => {
    const a = mine[key];
    const b = theirs[key];
    return !sameText(a?.value, b?.value, locale)
      || !sameText(a?.numerator, b?.numerator, locale)
      || !sameText(a?.denominator, b?.denominator, locale);
  }).sort();
}

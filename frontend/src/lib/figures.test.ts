import { describe, expect, it } from 'vitest';
import type { CrossRule, DataValue } from '../api/types';
import { changedCells, checkCell, checkReport, draftsFromFigures, figureKey, toFiguresIn } from './figures';

// The rules as the server sends them with each form indicator (backend/data_values/check.py `rules`).
const limits = { numerator_le_denominator: false, max_digits: 18, max_length: null };
const counted = { ...limits, whole: true, minimum: 0, denominator_above: null };
const count = (code: string, required = false) => ({
  code, value_type: 'count' as const, required, numerator_le_denominator: false, categories: [], rules: counted,
});
const ratioRules = { ...limits, whole: false, minimum: 0, denominator_above: 0, numerator_le_denominator: true };
const ratio = { code: 'VILLAGES', value_type: 'ratio' as const, required: true, categories: [], rules: ratioRules };
const plain = { ...limits, whole: false, minimum: null, denominator_above: null };
const yesNo = { code: 'DISCLOSED', value_type: 'yes_no' as const, required: true, categories: [], rules: plain };
const number = { code: 'AREA', value_type: 'number' as const, required: false, categories: [], rules: plain };
const text = { code: 'NOTE', value_type: 'text' as const, required: false, categories: [], rules: { ...plain, max_length: 5 } };
const byType = {
  code: 'MODELS', value_type: 'count' as const, required: false, rules: counted,
  categories: [{ code: 'COLLECTIVE', name: 'Tập thể' }, { code: 'INDIVIDUAL', name: 'Cá nhân' }],
};

describe('checkCell', () => {
  it.each([
    ['2', null],
    ['0', null],
    ['1.294', null],
    ['-1', 'figures.whole'],
    ['1,5', 'figures.whole'],
    ['abc', 'figures.whole'],
    ['', null],
  ])('a count typed %j → %s', (value, expected) => {
    expect(checkCell(count('X'), { value }, 'vi')).toBe(expected);
  });

  it('reads numbers the Vietnamese way and refuses what is not one', () => {
    expect(checkCell(number, { value: '25,5' }, 'vi')).toBeNull();
    expect(checkCell(number, { value: '-3' }, 'vi')).toBeNull();
    expect(checkCell(number, { value: '2x' }, 'vi')).toBe('figures.number');
  });

  it.each([
    [{ numerator: '13', denominator: '13' }, null],
    [{ numerator: '11', denominator: '15' }, null],
    [{ numerator: '14', denominator: '13' }, 'figures.numeratorAbove'],
    [{ numerator: '0', denominator: '0' }, 'figures.denominatorZero'],
    [{ numerator: '13', denominator: '' }, 'figures.partMissing'],
    [{ numerator: '', denominator: '13' }, 'figures.partMissing'],
    [{ numerator: '-1', denominator: '13' }, 'figures.negative'],
    [{ numerator: '52.620', denominator: '52.620' }, null],
    [{ numerator: '', denominator: '' }, null],
  ])('a ratio %j → %s', (draft, expected) => {
    expect(checkCell(ratio, draft, 'vi')).toBe(expected);
  });

  it('lets a ratio without the ≤ rule have a numerator above its denominator', () => {
    const partsOnly = { ...ratio, rules: { ...ratioRules, numerator_le_denominator: false } };
    expect(checkCell(partsOnly, { numerator: '3', denominator: '2' }, 'vi')).toBeNull();
  });

  it('takes yes or no only', () => {
    expect(checkCell(yesNo, { value: 'yes' }, 'vi')).toBeNull();
    expect(checkCell(yesNo, { value: 'no' }, 'vi')).toBeNull();
    expect(checkCell(yesNo, { value: 'maybe' }, 'vi')).toBe('figures.yesNo');
  });

  it('keeps to the limits the server sends: digits of a number, length of a text', () => {
    expect(checkCell(number, { value: '123456789012345678' }, 'vi')).toBeNull();
    expect(checkCell(number, { value: '1000000000000000000' }, 'vi')).toBe('figures.tooLarge');
    expect(checkCell(count('X'), { value: '-1000000000000000000' }, 'vi')).toBe('figures.whole');
    expect(checkCell(text, { value: 'năm ạ' }, 'vi')).toBeNull();
    expect(checkCell(text, { value: 'sáu chữ' }, 'vi')).toBe('figures.tooLong');
  });
});

describe('checkReport', () => {
  const rules: CrossRule[] = [{ left: 'RESOLVED', op: '<=', right: 'RECEIVED', message: 'Số đã giải quyết không lớn hơn số đã tiếp nhận.' }];
  const indicators = [yesNo, count('DIALOGUES', true), ratio, count('RECEIVED'), count('RESOLVED'), byType];

  it('asks for the required figures only when the report is sent', () => {
    expect(checkReport(indicators, rules, {}, 'vi', false).cells.size).toBe(0);
    const check = checkReport(indicators, rules, {}, 'vi', true);
    expect([...check.cells.entries()].map(([key, cell]) => [key, cell.problem])).toEqual([
      ['DISCLOSED', 'figures.required'], ['DIALOGUES', 'figures.required'], ['VILLAGES', 'figures.required'],
    ]);
  });

  it('checks the form rules across figures once both sides are given', () => {
    expect(checkReport(indicators, rules, { RESOLVED: { value: '5' } }, 'vi', false).rules).toEqual([]);
    expect(checkReport(indicators, rules, { RESOLVED: { value: '5' }, RECEIVED: { value: '4' } }, 'vi', false).rules).toEqual(rules);
    expect(checkReport(indicators, rules, { RESOLVED: { value: '4' }, RECEIVED: { value: '4' } }, 'vi', false).rules).toEqual([]);
  });

  it('checks each category option of a disaggregated count', () => {
    const check = checkReport(indicators, [], { [figureKey('MODELS', 'INDIVIDUAL')]: { value: '-2' } }, 'vi', false);
    expect(check.cells.get('MODELS::INDIVIDUAL')).toEqual({ problem: 'figures.whole', params: { digits: 18, length: 0 } });
  });
});

describe('toFiguresIn and draftsFromFigures', () => {
  const indicators = [yesNo, count('DIALOGUES', true), ratio, byType];

  it('sends the filled cells as numbers, booleans and categories', () => {
    const figures = toFiguresIn(indicators, {
      DISCLOSED: { value: 'yes' },
      DIALOGUES: { value: '1.294' },
      VILLAGES: { numerator: '13', denominator: '13' },
      'MODELS::COLLECTIVE': { value: '3' },
      'MODELS::INDIVIDUAL': { value: '' },
    }, 'vi');
    expect(figures).toEqual([
      { indicator: 'DISCLOSED', value: true },
      { indicator: 'DIALOGUES', value: 1294 },
      { indicator: 'VILLAGES', numerator: 13, denominator: 13 },
      { indicator: 'MODELS', category: 'COLLECTIVE', value: 3 },
    ]);
  });

  it('shows the server figures as typed text, Vietnamese style', () => {
    const base = { indicator_id: 1, name: '', numerator: null, denominator: null, category: null };
    const figures: DataValue[] = [
      { ...base, indicator: 'DISCLOSED', value_type: 'yes_no', value: false },
      { ...base, indicator: 'DIALOGUES', value_type: 'count', value: 52620 },
      { ...base, indicator: 'VILLAGES', value_type: 'ratio', value: 86.7, numerator: 13, denominator: 15 },
      { ...base, indicator: 'MODELS', value_type: 'count', value: 2, category: 'COLLECTIVE' },
    ];
    expect(draftsFromFigures(figures, 'vi')).toEqual({
      DISCLOSED: { value: 'no' },
      DIALOGUES: { value: '52.620' },
      VILLAGES: { numerator: '13', denominator: '15' },
      'MODELS::COLLECTIVE': { value: '2' },
    });
  });

  it('finds the cells two versions disagree on, by meaning', () => {
    expect(changedCells(
      { A: { value: '1.294' }, B: { value: '2' }, C: { numerator: '1', denominator: '2' } },
      { A: { value: '1294' }, B: { value: '3' }, D: { value: 'yes' } },
      'vi',
    )).toEqual(['B', 'C', 'D']);
  });
});

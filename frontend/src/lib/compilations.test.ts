import { describe, expect, it } from 'vitest';
import type { CompiledTotal, NarrativeMaterial } from '../api/types';
import { attributedTexts, compiledForms, formatTotal, isCompiledForm, unitNames } from './compilations';

const COMMUNE = { code: 'C', reporters: { grassroots_types: ['commune' as const], kinds: ['commune' as const] } };
const DISTRICT = { code: 'D', reporters: { grassroots_types: [], kinds: ['district' as const] } };
const PROVINCE = { code: 'P', reporters: { kinds: ['province' as const] } };

function total(partial: Partial<CompiledTotal>): CompiledTotal {
  return { value: null, numerator: null, denominator: null, percent: null, reported: 1, ...partial };
}

describe('isCompiledForm', () => {
  it('is a form no grassroots unit reports', () => {
    expect(isCompiledForm(DISTRICT)).toBe(true);
    expect(isCompiledForm(PROVINCE)).toBe(true);
    expect(isCompiledForm(COMMUNE)).toBe(false);
  });
});

describe('compiledForms', () => {
  it('keeps the compiled forms, the ones the unit kind owes first', () => {
    expect(compiledForms([COMMUNE, PROVINCE, DISTRICT], 'district').map((f) => f.code)).toEqual(['D', 'P']);
    expect(compiledForms([COMMUNE, DISTRICT, PROVINCE], 'province').map((f) => f.code)).toEqual(['P', 'D']);
    expect(compiledForms([COMMUNE, DISTRICT, PROVINCE], undefined).map((f) => f.code)).toEqual(['D', 'P']);
  });
});

describe('formatTotal', () => {
  it('prints a yes/no total as a share of the units that reported', () => {
    expect(formatTotal(total({ value: 24, numerator: 24, denominator: 24, percent: 100, reported: 24 }), 'yes_no')).toBe('24/24 (100%)');
    expect(formatTotal(total({ value: 13, numerator: 13, denominator: 15, percent: 86.7, reported: 15 }), 'yes_no')).toBe('13/15 (86,7%)');
    expect(formatTotal(total({ value: 13, numerator: 13, denominator: 15, percent: 86.7, reported: 15 }), 'yes_no', 'en')).toBe('13/15 (86.7%)');
  });

  it('prints a ratio with grouped numbers', () => {
    expect(formatTotal(total({ value: 99.5, numerator: 52356, denominator: 52620, percent: 99.5 }), 'ratio')).toBe('52.356/52.620 (99,5%)');
  });

  it('prints a share without a percentage when there is none', () => {
    expect(formatTotal(total({ numerator: 0, denominator: 0 }), 'ratio')).toBe('0/0');
  });

  it('prints counts as numbers, and a dash when nobody reported', () => {
    expect(formatTotal(total({ value: 1294, reported: 3 }), 'count')).toBe('1.294');
    expect(formatTotal(total({ reported: 0 }), 'yes_no')).toBe('—');
  });
});

describe('unitNames', () => {
  it('names the units in one sentence', () => {
    expect(unitNames([{ name: 'Công ty A' }, { name: 'Công ty B' }])).toBe('Công ty A, Công ty B');
    expect(unitNames([])).toBe('');
  });
});

describe('attributedTexts', () => {
  const unit = (name: string) => ({ id: 1, code: '1', name, kind: 'commune' as const });
  const section: NarrativeMaterial = {
    key: 'results',
    title: 'Kết quả đạt được',
    contributions: [
      { unit: unit('Xã Song Vân'), form: 'C', submission_id: 1, text: '  Tổ chức 12 hội nghị.\n' },
      { unit: unit('Xã Ea Kly'), form: 'C', submission_id: 2, text: '   ' },
      { unit: unit('Thị trấn Phước An'), form: 'C', submission_id: 3, text: 'Đối thoại 2 lần.' },
    ],
  };

  it('attributes each text to its unit and leaves out blank ones', () => {
    expect(attributedTexts(section)).toEqual(['Xã Song Vân: Tổ chức 12 hội nghị.', 'Thị trấn Phước An: Đối thoại 2 lần.']);
  });

  it('has nothing for a section nobody wrote', () => {
    expect(attributedTexts(undefined)).toEqual([]);
  });
});

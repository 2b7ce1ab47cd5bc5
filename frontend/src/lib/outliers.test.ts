import { describe, expect, it } from 'vitest';
import type { Outlier, UnitTotal } from '../api/types';
import { translate, type Translate } from '../i18n';
import { flaggedUnits, outlierNotes } from './outliers';

const t: Translate = (key, params) => translate('vi', key, params);

function flag(partial: Partial<Outlier>): Outlier {
  return { indicator: 'R', category: null, kind: 'history', value: 130, reference: 12, checked: false, comment: null, ...partial };
}

describe('outlierNotes', () => {
  it('says what each flagged cell is far from, then the reviewer note once', () => {
    const notes = outlierNotes([
      flag({ checked: true, comment: 'Đã gọi xã' }),
      flag({ kind: 'peers', reference: 11.5, checked: true, comment: 'Đã gọi xã' }),
      flag({ indicator: 'M', category: 'A' }),
    ], t, 'vi');
    expect(notes.get('R')).toBe('Khác thường so với các kỳ trước: trung vị 12 · '
      + 'Khác thường so với các đơn vị cùng cấp: trung vị 11,5 · Đã kiểm tra: Đã gọi xã');
    expect(notes.get('M::A')).toBe('Khác thường so với các kỳ trước: trung vị 12');
    expect(notes.size).toBe(2);
  });
});

describe('flaggedUnits', () => {
  it('lists only the units below whose compiled figure is flagged, with what it is far from', () => {
    const row = (id: number, outliers: UnitTotal['outliers']): UnitTotal => ({
      unit: { id, code: `X${id}`, name: `Xã ${id}`, kind: 'commune' },
      value: 200, numerator: null, denominator: null, percent: null, reported: 1, outliers,
    });
    const found = flaggedUnits([row(1, []), row(2, [{ kind: 'peers', reference: 20.5 }])], t, 'vi');
    expect(found.map((f) => [f.row.unit.name, f.note])).toEqual([
      ['Xã 2', 'Khác thường so với các đơn vị cùng cấp: trung vị 20,5'],
    ]);
  });
});

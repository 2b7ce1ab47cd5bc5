import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import { attachmentName, conflictRows, type ImportConflict } from './figuresImport';

const t = (key: Parameters<typeof translate>[1]) => translate('vi', key);

function conflict(code: string, sheet: string | null, cell: string | null, index: number | null = 0): ImportConflict {
  return { index, code, detail: `${code} detail`, sheet, cell };
}

describe('attachmentName', () => {
  it('reads the quoted file name', () => {
    expect(attachmentName('attachment; filename="QCDC_COMMUNE_QUARTERLY_2025Q1.xlsx"')).toBe('QCDC_COMMUNE_QUARTERLY_2025Q1.xlsx');
  });

  it('prefers the UTF-8 name of RFC 6266 and decodes it', () => {
    expect(attachmentName("attachment; filename=\"x.xlsx\"; filename*=utf-8''QCDC_M%E1%BA%ABu_2025.xlsx")).toBe('QCDC_Mẫu_2025.xlsx');
    expect(attachmentName("attachment; filename*=UTF-8''a%20b.xlsx")).toBe('a b.xlsx');
  });

  it('takes an unquoted name and falls back from a malformed escape', () => {
    expect(attachmentName('attachment; filename=plain.xlsx')).toBe('plain.xlsx');
    expect(attachmentName("attachment; filename=\"ok.xlsx\"; filename*=utf-8''%E1")).toBe('ok.xlsx');
  });

  it('gives nothing without a name', () => {
    expect(attachmentName(null)).toBeNull();
    expect(attachmentName('attachment')).toBeNull();
  });
});

describe('conflictRows', () => {
  it('orders by sheet as met, then by row and column as numbers, and puts conflicts of no row last', () => {
    const rows = conflictRows([
      conflict('not_submitted', null, null, null),
      conflict('invalid_value', 'Số liệu', 'E10'),
      conflict('unknown_org_unit', 'Bổ sung', 'D2'),
      conflict('unknown_indicator', 'Số liệu', 'J9'),
      conflict('invalid_period', 'Số liệu', 'AA9'),
      conflict('locked', 'Số liệu', 'A9'),
    ], t);
    expect(rows.map((r) => [r.sheet, r.cell])).toEqual([
      ['Số liệu', 'A9'], ['Số liệu', 'J9'], ['Số liệu', 'AA9'], ['Số liệu', 'E10'], ['Bổ sung', 'D2'], [null, null],
    ]);
  });

  it('says what each code means, and shows a code it does not know as it is', () => {
    const [known, unknown] = conflictRows([conflict('invalid_value', 'Số liệu', 'E7'), conflict('brand_new', 'Số liệu', 'E8')], t);
    expect(known?.problem).toBe('Giá trị không hợp lệ');
    expect(known?.detail).toBe('invalid_value detail');
    expect(unknown?.problem).toBe('brand_new');
  });

  it('keeps the keys unique when the same cell has two conflicts', () => {
    const rows = conflictRows([conflict('locked', 'Số liệu', 'A3'), conflict('duplicate_key', 'Số liệu', 'A3')], t);
    expect(new Set(rows.map((r) => r.key)).size).toBe(2);
    expect(rows.map((r) => r.problem)).toEqual(['Số liệu đã duyệt, đã khóa', 'Trùng với dòng sau']);
  });
});

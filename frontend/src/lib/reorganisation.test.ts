import { describe, expect, it } from 'vitest';
import { translate, translator } from '../i18n';
import { COLUMNS, conflictRows, csvRecords, templateCsv } from './reorganisation';

describe('the CSV template', () => {
  const records = csvRecords(templateCsv());
  const header = templateCsv().split('\r\n')[0];

  it('names the columns the server reads, in its order', () => {
    expect(header).toBe('event,effective_date,old_codes,new_code,new_name,kind,grassroots_type,new_parent,shares,accounts,note');
  });

  it('gives one example of each event, every row as wide as the header', () => {
    expect(records.map((r) => r.cells[0])).toEqual(['merge', 'split', 'rename', 'move', 'create', 'close']);
    for (const record of records) expect(record.cells).toHaveLength(COLUMNS.length);
  });

  it('writes a split with a share per successor, summing to 1', () => {
    const split = records.find((r) => r.cells[0] === 'split')?.cells ?? [];
    const successors = split[COLUMNS.indexOf('new_code')]?.split(';') ?? [];
    const shares = split[COLUMNS.indexOf('shares')]?.split(';').map(Number) ?? [];
    expect(shares).toHaveLength(successors.length);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('uses placeholder codes only, so checking it as it is changes nothing', () => {
    const codes = records.flatMap((r) => [r.cells[2], r.cells[3], r.cells[7]]).flatMap((c) => (c ? c.split(';') : []));
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((code) => code.startsWith('MA_'))).toBe(true);
  });
});

describe('csvRecords', () => {
  it('reads quoted cells with commas, quotes and line breaks, and skips blank lines', () => {
    const text = '\uFEFFevent,note\r\nmerge,"a, b"\r\n\r\nclose,"say ""x""\nnext line"\nmove,\n';
    expect(csvRecords(text)).toEqual([
      { line: 2, cells: ['merge', 'a, b'] },
      { line: 4, cells: ['close', 'say "x"\nnext line'] },
      { line: 6, cells: ['move', ''] },
    ]);
  });

  it('reads a last line without a line break', () => {
    expect(csvRecords('event\nclose')).toEqual([{ line: 2, cells: ['close'] }]);
  });
});

describe('conflictRows', () => {
  const text = 'event,effective_date,old_codes,new_code\nmerge,2025-07-01,A;B,N\n\nclose,2025-07-01,D,\n';

  it('points each conflict at its line and event, with the problem in Vietnamese', () => {
    const rows = conflictRows([
      { index: 1, code: 'org_unit_has_children', detail: 'D still has units below.' },
      { index: 0, code: 'org_unit_unknown_code', detail: "No org unit with code 'A'." },
    ], text, translator('vi'));
    expect(rows.map((r) => [r.line, r.event, r.problem, r.detail])).toEqual([
      [4, 'close D', translate('vi', 'problem.org_unit_has_children'), 'D still has units below.'],
      [2, 'merge A;B → N', translate('vi', 'problem.org_unit_unknown_code'), "No org unit with code 'A'."],
    ]);
  });

  it('keeps a code it has no words for, and a conflict of no one row', () => {
    const rows = conflictRows([{ index: null, code: 'brand_new', detail: 'Something.' }], text, translator('vi'));
    expect(rows).toEqual([{ key: '0', line: null, event: null, problem: 'brand_new', detail: 'Something.' }]);
  });
});

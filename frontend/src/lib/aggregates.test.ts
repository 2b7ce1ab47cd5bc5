import { describe, expect, it } from 'vitest';
import type { AggregateRow } from '../api/types';
import { type AggregateIndicator, aggregateTable, formatAggregate, formatTarget, notComparablePeriods, plotted, type ExportLabels } from './aggregates';
import { toCsv } from './exportTable';

const unit = { id: 26, code: '216', name: 'Huyện Tân Yên', kind: 'district' as const };
const row = (over: Partial<AggregateRow>): AggregateRow => ({
  org_unit: unit, period: '2023', indicator: 'QCDC_LEADER_DIALOGUES', category: null, value: null, numerator: null,
  denominator: null, percent: null, expected: 5, reported: 1, on_time: 0, target: null,
  basis: 'reported', comparable: true, ...over,
});
const dialogues: AggregateIndicator = { code: 'QCDC_LEADER_DIALOGUES', name: 'Số cuộc đối thoại', name_en: 'Dialogues', value_type: 'count', unit_of_measure: 'cuộc' };
const villages: AggregateIndicator = { code: 'QCDC_VILLAGES_WITH_CONVENTION', name: 'Tỷ lệ thôn có hương ước', name_en: null, value_type: 'ratio', unit_of_measure: 'thôn' };
const disclosure: AggregateIndicator = { code: 'QCDC_DISCLOSURE_DONE', name: 'Thực hiện công khai', name_en: null, value_type: 'yes_no', unit_of_measure: 'đơn vị' };

describe('formatAggregate', () => {
  it('writes counts, ratios and yes/no as officials read them', () => {
    expect(formatAggregate(row({ value: 1294 }), dialogues, 'vi')).toBe('1.294');
    expect(formatAggregate(row({ value: 86.67, numerator: 13, denominator: 15, percent: 86.7 }), villages, 'vi')).toBe('86,7% (13/15)');
    expect(formatAggregate(row({ value: 1, numerator: 1, denominator: 5, percent: 20 }), disclosure, 'vi')).toBe('1/5 đơn vị (20%)');
    expect(formatAggregate(row({}), dialogues, 'vi')).toBe('—');
  });

  it('plots shares for ratios and yes/no, values otherwise', () => {
    expect(plotted(row({ value: 2 }), dialogues)).toBe(2);
    expect(plotted(row({ value: 13, percent: 86.7 }), villages)).toBe(86.7);
  });

  it('leaves a gap, never a zero, where a figure on today\'s units is not comparable', () => {
    expect(plotted(row({ basis: 'current', comparable: false }), disclosure)).toBeNull();
    expect(plotted(row({ basis: 'current', comparable: false, value: 0, percent: 0 }), disclosure)).toBeNull();
    expect(plotted(row({ basis: 'current', value: 0 }), dialogues)).toBe(0);
  });

  it('lists the periods not comparable for one indicator, in the order of the chart', () => {
    const rows = [
      row({ period: '2024', indicator: disclosure.code, comparable: false }),
      row({ period: '2022', indicator: disclosure.code, comparable: false }),
      row({ period: '2023', indicator: disclosure.code }),
      row({ period: '2023', indicator: dialogues.code, comparable: false }),
    ];
    expect(notComparablePeriods(rows, disclosure.code, ['2022', '2023', '2024'])).toEqual(['2022', '2024']);
    expect(notComparablePeriods(rows, villages.code, ['2022', '2023', '2024'])).toEqual([]);
  });

  it('writes a target with its comparator', () => {
    expect(formatTarget({ comparator: '>=', value: 100, unit: '%', plan_id: 1, plan_symbol: '45/KH-UBND', met: false }, 'vi')).toBe('≥ 100%');
    expect(formatTarget({ comparator: '<=', value: 2, unit: 'cuộc', plan_id: 1, plan_symbol: '', met: null }, 'vi')).toBe('≤ 2 cuộc');
    expect(formatTarget(null, 'vi')).toBe('—');
  });
});

describe('aggregateTable → CSV', () => {
  const labels: ExportLabels = {
    unitCode: 'Mã đơn vị', unit: 'Đơn vị', period: 'Kỳ', indicatorCode: 'Mã chỉ số', indicator: 'Chỉ số', value: 'Giá trị',
    numerator: 'Tử số', denominator: 'Mẫu số', percent: 'Tỷ lệ (%)', expected: 'Phải báo cáo', reported: 'Đã báo cáo',
    onTime: 'Đúng hạn', target: 'Chỉ tiêu', basis: 'Cách tính', basisValue: 'Như đã báo cáo',
  };

  it('writes one line per unit, period and indicator with plain numbers', () => {
    const indicators = new Map([[dialogues.code, dialogues], [villages.code, villages]]);
    const csv = toCsv(aggregateTable([
      row({ value: 2 }),
      row({
        indicator: villages.code, value: 100, numerator: 13, denominator: 13, percent: 100,
        target: { comparator: '>=', value: 100, unit: '%', plan_id: 1, plan_symbol: '45/KH-UBND', met: true },
      }),
    ], indicators, labels, 'vi'));
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFMã đơn vị,Đơn vị,Kỳ,Mã chỉ số,Chỉ số,Giá trị,Tử số,Mẫu số,Tỷ lệ (%),Phải báo cáo,Đã báo cáo,Đúng hạn,Chỉ tiêu,Cách tính',
      '216,Huyện Tân Yên,2023,QCDC_LEADER_DIALOGUES,Số cuộc đối thoại,2,,,,5,1,0,,Như đã báo cáo',
      '216,Huyện Tân Yên,2023,QCDC_VILLAGES_WITH_CONVENTION,Tỷ lệ thôn có hương ước,100,13,13,100,5,1,0,≥ 100%,Như đã báo cáo',
      '',
    ]);
  });

  it('names indicators in English when asked, and by code when unknown', () => {
    const table = aggregateTable([row({ value: 2 }), row({ indicator: 'OTHER', value: 1 })], new Map([[dialogues.code, dialogues]]), labels, 'en');
    expect(table.rows.map((r) => r[4])).toEqual(['Dialogues', 'OTHER']);
  });
});

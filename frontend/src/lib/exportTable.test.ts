import { describe, expect, it } from 'vitest';
import { toCsv } from './exportTable';

describe('toCsv', () => {
  it('writes a header and rows with a BOM and CRLF line ends', () => {
    const csv = toCsv({ columns: ['Đơn vị', 'Kỳ', 'Giá trị'], rows: [['Xã Song Vân', '2023', 2], ['Huyện Tân Yên', '2023', 1294.5]] });
    expect(csv).toBe('\uFEFFĐơn vị,Kỳ,Giá trị\r\nXã Song Vân,2023,2\r\nHuyện Tân Yên,2023,1294.5\r\n');
  });

  it('quotes cells holding separators, quotes or line breaks, and leaves empty cells empty', () => {
    const csv = toCsv({ columns: ['a', 'b', 'c', 'd'], rows: [['Phòng Tài chính, Kế hoạch', 'nói "có"', 'hai\ndòng', null]] });
    expect(csv.split('\r\n')[1]).toBe('"Phòng Tài chính, Kế hoạch","nói ""có""","hai\ndòng",');
  });

  it('writes numbers with a decimal point whatever the interface language', () => {
    expect(toCsv({ columns: ['x'], rows: [[86.7], [0], [52620]] })).toBe('\uFEFFx\r\n86.7\r\n0\r\n52620\r\n');
  });
});

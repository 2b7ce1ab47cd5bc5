import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { asTextCell, toCsv, workbookRows } from './exportTable';

const FORMULAS = ['=HYPERLINK("http://x","y")', '+1', '-1+2', '@SUM(1)', '\tx', '\rx'];

/** The files of a zip archive (an .xlsx), read through its central directory. */
function unzip(archive: Buffer): Map<string, string> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const files = new Map<string, string>();
  let at = archive.readUInt32LE(end + 16);
  for (let n = archive.readUInt16LE(end + 10); n > 0; n -= 1) {
    const [method, size, nameLength] = [archive.readUInt16LE(at + 10), archive.readUInt32LE(at + 20), archive.readUInt16LE(at + 28)];
    const local = archive.readUInt32LE(at + 42);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(start, start + size);
    files.set(archive.toString('utf8', at + 46, at + 46 + nameLength), (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLength + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
  }
  return files;
}

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

  it('writes a text a spreadsheet would run as a formula behind a quote, and negative numbers as numbers', () => {
    expect(FORMULAS.map(asTextCell)).toEqual(FORMULAS.map((text) => `'${text}`));
    expect(['a=b', '1-2', 'Xã Song Vân'].map(asTextCell)).toEqual(['a=b', '1-2', 'Xã Song Vân']);
    const csv = toCsv({ columns: ['name', 'value'], rows: [['=1+1', -5], ['-5', 2], ['@SUM(1)', null]] });
    expect(csv.split('\r\n').slice(1, 4)).toEqual(["'=1+1,-5", "'-5,2", "'@SUM(1),"]);
    expect(toCsv({ columns: ['x'], rows: [['\rx'], ['=HYPERLINK("http://x","y")']] }).split('\r\n').slice(1, 3))
      .toEqual(['"\'\rx"', '"\'=HYPERLINK(""http://x"",""y"")"']);
  });
});

describe('workbookRows', () => {
  it('writes every text as a string cell, as it is, and never a formula', async () => {
    const table = { columns: ['Tên đơn vị', 'Giá trị'], rows: FORMULAS.map((text, i) => [text, -i]) };
    const files = unzip(await writeXlsxFile(workbookRows(table)).toBuffer());
    const sheet = files.get('xl/worksheets/sheet1.xml') ?? '';
    expect(sheet).not.toContain('<f>');
    expect(sheet.match(/t="s"/g)).toHaveLength(2 + FORMULAS.length);
    expect(sheet).toContain('<v>-5</v>');
    const strings = [...(files.get('xl/sharedStrings.xml') ?? '').matchAll(/<t[^>]*>(.*?)<\/t>/gs)]
      .map(([, text = '']) => text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
    expect(strings).toEqual([...table.columns, ...FORMULAS]);
  });
});

/**
 * A reorganisation as CSV, the form the import takes (POST /org-units/reorganisations): its
 * columns, a template to fill, the rows read back so a refused event can be pointed at by its line,
 * and the conflicts of a summary as table rows.
 */
import type { components } from '../api/schema';
import { hasMessage, type Translate } from '../i18n';

export type ReorganisationSummary = components['schemas']['ReorganisationSummary'];
type ImportConflict = components['schemas']['ImportConflict'];

/** The columns in the order the server documents them; lists inside a cell are separated by ';'. */
export const COLUMNS = [
  'event', 'effective_date', 'old_codes', 'new_code', 'new_name', 'kind', 'grassroots_type', 'new_parent', 'shares', 'accounts', 'note',
] as const;
export type Column = (typeof COLUMNS)[number];

/**
 * One example of each event. The codes (MA_…) are placeholders no unit has, so a template checked
 * as it is only lists unknown codes and changes nothing.
 */
const EXAMPLES: Record<Column, string>[] = [
  {
    event: 'merge', effective_date: '2025-07-01', old_codes: 'MA_XA_1;MA_XA_2', new_code: 'MA_XA_MOI', new_name: 'Xã Hợp Nhất',
    kind: 'commune', grassroots_type: 'commune', new_parent: 'MA_TINH', shares: '', accounts: 'move', note: 'Sáp nhập hai xã thành xã mới',
  },
  {
    event: 'split', effective_date: '2025-07-01', old_codes: 'MA_XA_3', new_code: 'MA_XA_4;MA_XA_5', new_name: 'Xã Đông;Xã Tây',
    kind: '', grassroots_type: '', new_parent: '', shares: '0.6;0.4', accounts: 'move:MA_XA_4', note: 'Chia tách một xã, 60% và 40%',
  },
  {
    event: 'rename', effective_date: '2025-07-01', old_codes: 'MA_TINH_CU', new_code: '', new_name: 'Tỉnh Tên Mới',
    kind: '', grassroots_type: '', new_parent: '', shares: '', accounts: '', note: 'Đổi tên, giữ mã',
  },
  {
    event: 'move', effective_date: '2025-07-01', old_codes: 'MA_XA_6;MA_XA_7', new_code: '', new_name: '',
    kind: '', grassroots_type: '', new_parent: 'MA_TINH', shares: '', accounts: '', note: 'Chuyển xã về trực thuộc tỉnh',
  },
  {
    event: 'create', effective_date: '2025-07-01', old_codes: '', new_code: 'MA_DAC_KHU', new_name: 'Đặc khu Mới',
    kind: 'commune', grassroots_type: 'commune', new_parent: 'MA_TINH', shares: '', accounts: '', note: 'Thành lập đơn vị mới',
  },
  {
    event: 'close', effective_date: '2025-07-01', old_codes: 'MA_HUYEN', new_code: '', new_name: '',
    kind: '', grassroots_type: '', new_parent: '', shares: '', accounts: 'disable', note: 'Kết thúc hoạt động cấp huyện',
  },
];

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The template: the header line, then an example of each event (UTF-8, lines ending \r\n as RFC 4180 has them). */
export function templateCsv(): string {
  const lines = [COLUMNS.join(','), ...EXAMPLES.map((row) => COLUMNS.map((column) => cell(row[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export interface CsvRecord {
  /** The line of the file the record starts on (the header is line 1). */
  line: number;
  cells: string[];
}

/**
 * The records after the header, read as the server's csv module reads them: quoted cells may hold
 * commas, doubled quotes and line breaks; blank lines are skipped (they are no event). The index of
 * a conflict is the position in this list.
 */
export function csvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let start = 1;
  let cells: string[] = [];
  let value = '';
  let quoted = false;
  let touched = false;
  const source = text.replace(/^\uFEFF/, '');
  const endRecord = () => {
    if (touched || cells.length > 0) records.push({ line: start, cells: [...cells, value] });
    cells = [];
    value = '';
    touched = false;
  };
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        value += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') line += 1;
        value += char;
      }
    } else if (char === '"') {
      quoted = true;
      touched = true;
    } else if (char === ',') {
      cells.push(value);
      value = '';
      touched = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      start = line;
    } else {
      value += char;
      touched = true;
    }
  }
  endRecord();
  return records.slice(1);
}

export interface ReorganisationConflictRow {
  key: string;
  /** The line of the file, or null when the conflict is of no one row. */
  line: number | null;
  /** What the row asks, in short: "merge 07345;07348 → 07350". */
  event: string | null;
  /** The code in words, or the code itself when the dictionary has none. */
  problem: string;
  detail: string;
}

function describe(cells: readonly string[]): string {
  const [event = '', , oldCodes = '', newCode = ''] = cells;
  return [event, oldCodes, newCode ? `→ ${newCode}` : ''].filter(Boolean).join(' ');
}

/** The conflicts of a summary, each pointed at the line and event of the CSV it came from. */
export function conflictRows(conflicts: readonly ImportConflict[], text: string, t: Translate): ReorganisationConflictRow[] {
  const records = csvRecords(text);
  return conflicts.map((conflict, position) => {
    const record = conflict.index === null ? undefined : records[conflict.index];
    const words = `problem.${conflict.code}`;
    return {
      key: `${position}`,
      line: record?.line ?? (conflict.index === null ? null : conflict.index + 2),
      event: record ? describe(record.cells) : null,
      problem: hasMessage(words) ? t(words) : conflict.code,
      detail: conflict.detail,
    };
  });
}

/**
 * Tables leave the app as CSV (for other systems: plain numbers with a decimal point, UTF-8 with a
 * byte-order mark so Excel reads the diacritics) or as an Excel workbook (for officials: real
 * numeric cells that Excel shows in the reader's own number format).
 *
 * A text a spreadsheet would run as a formula (a unit named `=HYPERLINK(…)`) is written as text in
 * both, as the server's exports do (backend/kit/spreadsheet.py): quoted in CSV, a string cell in a
 * workbook. Numbers are never touched.
 */

export type Cell = string | number | null;

export interface ExportTable {
  columns: string[];
  rows: Cell[][];
}

/** Excel, LibreOffice and Google Sheets read a CSV cell starting with one of these as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A CSV cell of `text` that no spreadsheet runs: a leading single quote, which they show as text. */
export function asTextCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  const text = typeof cell === 'number' ? String(cell) : asTextCell(cell);
  return /[",\r\n;]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 text: comma-separated, quoted where needed, CRLF line ends, a BOM in front. */
export function toCsv(table: ExportTable): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Offers a file to the user without a round trip to the server. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export function downloadCsv(table: ExportTable, fileName: string): void {
  download(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }), fileName);
}

/**
 * The workbook's rows: the header in bold, then every cell typed, never left for the writer to guess
 * (a String cell is never a formula, whatever it starts with, and keeps the text as it is).
 */
export function workbookRows(table: ExportTable) {
  const header = table.columns.map((value) => ({ value, type: String, fontWeight: 'bold' as const }));
  const body = table.rows.map((row) => row.map((cell) => (
    cell === null ? null : typeof cell === 'number' ? { value: cell, type: Number } : { value: cell, type: String }
  )));
  return [header, ...body];
}

/** The workbook writer is loaded on the first export only: most visits never export. */
export async function downloadXlsx(table: ExportTable, fileName: string, sheet: string): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const widths = table.columns.map((title, i) => ({
    width: Math.min(60, Math.max(10, title.length, ...table.rows.map((row) => String(row[i] ?? '').length))),
  }));
  const blob = await writeXlsxFile(workbookRows(table), { sheet, stickyRowsCount: 1, columns: widths }).toBlob();
  download(blob, fileName);
}

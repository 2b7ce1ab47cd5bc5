/**
 * The Excel round trip of figures: the name of the downloaded template, and the conflicts of an
 * import as the rows of a table that point at the sheet and cell to fix.
 */
import type { components } from '../api/schema';
import { hasMessage, type Translate } from '../i18n';

export type ImportSummary = components['schemas']['ImportSummary'];
export type ImportConflict = components['schemas']['ImportConflict'];

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The file name a Content-Disposition header gives: RFC 6266's `filename*` (UTF-8) first, then `filename`. */
export function attachmentName(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*utf-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed escape: fall back to the plain name, if any.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(header);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name ? name : null;
}

export interface ConflictRow {
  key: string;
  sheet: string | null;
  cell: string | null;
  /** The conflict code in words, or the code itself when the dictionary has no words for it. */
  problem: string;
  detail: string;
}

/** "E7" → [7, 5], "AA3" → [3, 27]: row, then column, as numbers (E10 comes after E9). */
function cellOrder(cell: string | null | undefined): [number, number] {
  const match = /^([A-Z]+)(\d+)$/.exec(cell ?? '');
  if (!match) return [Number.MAX_SAFE_INTEGER, 0];
  const column = [...(match[1] ?? '')].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0);
  return [Number(match[2]), column];
}

/**
 * A row per conflict, in the order of the workbook: sheet by sheet as the server met them, then by
 * row and column; conflicts of no one row (a report that could not be submitted) come last.
 */
export function conflictRows(conflicts: readonly ImportConflict[], t: Translate): ConflictRow[] {
  const sheets = [...new Set(conflicts.flatMap((c) => (c.sheet ? [c.sheet] : [])))];
  const sheetOrder = (c: ImportConflict) => (c.sheet ? sheets.indexOf(c.sheet) : sheets.length);
  const sorted = conflicts
    .map((conflict, position) => ({ conflict, position }))
    .sort((a, b) => {
      const [rowA, columnA] = cellOrder(a.conflict.cell);
      const [rowB, columnB] = cellOrder(b.conflict.cell);
      return sheetOrder(a.conflict) - sheetOrder(b.conflict) || rowA - rowB || columnA - columnB
        || a.position - b.position;
    });
  return sorted.map(({ conflict, position }) => {
    const words = `figuresImport.code.${conflict.code}`;
    return {
      key: `${position}`,
      sheet: conflict.sheet ?? null,
      cell: conflict.cell ?? null,
      problem: hasMessage(words) ? t(words) : conflict.code,
      detail: conflict.detail,
    };
  });
}

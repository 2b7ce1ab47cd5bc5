import type { Outlier, UnitTotal } from '../api/types';
import type { Translate } from '../i18n';
import { figureKey } from './figures';
import { formatNumber, type Locale } from './format';

/** The tooltip of each flagged cell, by cell key: what the figure is far from, then the
 * reviewer's note (a check covers the cell, whichever rule flagged it). */
export function outlierNotes(outliers: readonly Outlier[], t: Translate, locale: Locale): Map<string, string> {
  const byCell = new Map<string, Outlier[]>();
  for (const flag of outliers) {
    const key = figureKey(flag.indicator, flag.category);
    byCell.set(key, [...(byCell.get(key) ?? []), flag]);
  }
  return new Map([...byCell].map(([key, flags]) => {
    const lines = flags.map((flag) => flagText(flag, t, locale));
    const checked = flags.find((flag) => flag.checked);
    if (checked?.comment) lines.push(t('outlier.checkedNote', { comment: checked.comment }));
    return [key, lines.join(' · ')];
  }));
}

/** What a flag says: the rule that raised it and what the figure is far from. */
function flagText(flag: Pick<Outlier, 'kind' | 'reference'>, t: Translate, locale: Locale): string {
  return t(`outlier.${flag.kind}`, { reference: formatNumber(flag.reference, locale) });
}

/** The units below whose compiled figure is flagged, each with what its flags say. */
export function flaggedUnits(rows: readonly UnitTotal[], t: Translate, locale: Locale): { row: UnitTotal; note: string }[] {
  return rows.filter((row) => row.outliers.length > 0)
    .map((row) => ({ row, note: row.outliers.map((flag) => flagText(flag, t, locale)).join(' · ') }));
}

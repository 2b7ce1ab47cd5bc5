import type { Outlier } from '../api/types';
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
    const lines = flags.map((flag) => t(`outlier.${flag.kind}`, { reference: formatNumber(flag.reference, locale) }));
    const checked = flags.find((flag) => flag.checked);
    if (checked?.comment) lines.push(t('outlier.checkedNote', { comment: checked.comment }));
    return [key, lines.join(' · ')];
  }));
}

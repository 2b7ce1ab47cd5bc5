/**
 * The day of the units pages (?asof=2025-06-30): the tree and a unit's children as they stood then.
 * Kept in the address, so a link shows the same tree and the back button returns to today's.
 */
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { readDay } from '../../lib/days';

export function unitPath(id: number, asOf: string | undefined): string {
  return asOf ? `/units/${id}?asof=${asOf}` : `/units/${id}`;
}

export function useUnitsAsOf(): [string | undefined, (day: string | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const asOf = readDay(params.get('asof'));
  const setAsOf = useCallback((day: string | undefined) => {
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (day) next.set('asof', day);
      else next.delete('asof');
      return next;
    });
  }, [setParams]);
  return [asOf, setAsOf];
}

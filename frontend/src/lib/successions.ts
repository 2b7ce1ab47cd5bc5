/**
 * A unit's place in a reorganisation, from its successions (each a predecessor → successor link of
 * a merger, split or renaming): the units it came from, and the units it went to.
 */
import type { OrgUnitRef, OrgUnitSuccession as Succession } from '../api/types';

export type SuccessionKind = Succession['kind'];

export interface SuccessionLink {
  id: number;
  /** The unit at the other end: a predecessor, or a successor. */
  unit: OrgUnitRef;
  kind: SuccessionKind;
  /** The part of a split predecessor this successor took, as a fraction; null: the whole. */
  share: number | null;
  effectiveDate: string;
  note: string | null;
}

export interface UnitSuccessions {
  predecessors: SuccessionLink[];
  successors: SuccessionLink[];
}

/** "0.6" → 0.6; the API sends decimals as strings so no digit is lost on the way. */
function fraction(share: string | null): number | null {
  if (share === null || share.trim() === '') return null;
  const value = Number(share);
  return Number.isFinite(value) ? value : null;
}

function link(succession: Succession, unit: OrgUnitRef): SuccessionLink {
  return {
    id: succession.id,
    unit,
    kind: succession.kind,
    share: fraction(succession.share),
    effectiveDate: succession.effective_date,
    note: succession.note,
  };
}

/** Oldest change first; on one day, by the other unit's name, as a list of communes reads. */
function byDateThenName(a: SuccessionLink, b: SuccessionLink): number {
  return a.effectiveDate.localeCompare(b.effectiveDate) || a.unit.name.localeCompare(b.unit.name, 'vi') || a.id - b.id;
}

export function successionsOf(unitId: number, successions: readonly Succession[]): UnitSuccessions {
  const predecessors: SuccessionLink[] = [];
  const successors: SuccessionLink[] = [];
  for (const succession of successions) {
    if (succession.successor.id === unitId) predecessors.push(link(succession, succession.predecessor));
    if (succession.predecessor.id === unitId) successors.push(link(succession, succession.successor));
  }
  return { predecessors: predecessors.sort(byDateThenName), successors: successors.sort(byDateThenName) };
}

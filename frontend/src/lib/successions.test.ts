import { describe, expect, it } from 'vitest';
import type { OrgUnitSuccession } from '../api/types';
import { successionsOf } from './successions';

const unit = (id: number, name: string) => ({ id, code: `C${id}`, name, kind: 'commune' as const });
const SONG_VAN = unit(10, 'Xã Song Vân');
const NGOC_VAN = unit(11, 'Xã Ngọc Vân');
const NEW = unit(20, 'Xã Tân Yên mới');
const EAST = unit(21, 'Xã Đông');
const WEST = unit(22, 'Xã Tây');

function succession(id: number, predecessor: typeof SONG_VAN, successor: typeof SONG_VAN, kind: OrgUnitSuccession['kind'],
  date: string, share: string | null = null): OrgUnitSuccession {
  return { id, predecessor, successor, kind, effective_date: date, share, note: null };
}

describe('successionsOf', () => {
  it('lists the units a merged commune came from, by name', () => {
    const { predecessors, successors } = successionsOf(NEW.id, [
      succession(1, SONG_VAN, NEW, 'merge', '2025-07-01'),
      succession(2, NGOC_VAN, NEW, 'merge', '2025-07-01'),
    ]);
    expect(successors).toEqual([]);
    expect(predecessors.map((p) => [p.unit.name, p.kind, p.share, p.effectiveDate])).toEqual([
      ['Xã Ngọc Vân', 'merge', null, '2025-07-01'],
      ['Xã Song Vân', 'merge', null, '2025-07-01'],
    ]);
  });

  it('lists where a split unit went, with each share as a fraction', () => {
    const { predecessors, successors } = successionsOf(SONG_VAN.id, [
      succession(3, SONG_VAN, WEST, 'split', '2025-07-01', '0.4'),
      succession(4, SONG_VAN, EAST, 'split', '2025-07-01', '0.6'),
    ]);
    expect(predecessors).toEqual([]);
    expect(successors.map((s) => [s.unit.name, s.share])).toEqual([['Xã Đông', 0.6], ['Xã Tây', 0.4]]);
  });

  it('keeps both sides of a unit that was renamed and later merged, oldest change first', () => {
    const { predecessors, successors } = successionsOf(SONG_VAN.id, [
      succession(6, SONG_VAN, NEW, 'merge', '2025-07-01'),
      succession(5, NGOC_VAN, SONG_VAN, 'rename', '2019-01-01'),
    ]);
    expect(predecessors.map((p) => [p.unit.id, p.kind])).toEqual([[NGOC_VAN.id, 'rename']]);
    expect(successors.map((s) => [s.unit.id, s.kind])).toEqual([[NEW.id, 'merge']]);
  });

  it('reads a share it cannot parse as no share rather than zero', () => {
    const { successors } = successionsOf(SONG_VAN.id, [succession(7, SONG_VAN, EAST, 'split', '2025-07-01', '')]);
    expect(successors[0]?.share).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { AssignmentSummary, Section } from '../api/types';
import { bodiesOf, moveOf, nextLabel, sectionTree, siblingsOf } from './plans';

const section = (number: string, parent: string | null): Section => ({
  number, parent_number: parent, label: '', title: number, text: number, kind: 'task', depth: number.split('.').length,
});

describe('sectionTree', () => {
  it('nests sections under their parents in document order', () => {
    const tree = sectionTree([section('I', null), section('I.1', 'I'), section('I.1.a', 'I.1'), section('I.2', 'I'), section('II', null)]);
    expect(tree.map((n) => n.section.number)).toEqual(['I', 'II']);
    expect(tree[0]?.children.map((n) => n.section.number)).toEqual(['I.1', 'I.2']);
    expect(tree[0]?.children[0]?.children.map((n) => n.section.number)).toEqual(['I.1.a']);
  });

  it('keeps a section whose parent is unknown at the top rather than losing it', () => {
    expect(sectionTree([section('III.8.-1', 'III.8')]).map((n) => n.section.number)).toEqual(['III.8.-1']);
  });
});

describe('nextLabel', () => {
  // As the API gives them: depth 0 at the top.
  const at = (number: string, label: string): Section => ({
    number, label, parent_number: number.includes('.') ? number.slice(0, number.lastIndexOf('.')) : null,
    title: number, text: number, kind: 'task', depth: number.split('.').length - 1,
  });

  it('continues the Roman headings at the top, past IV and IX', () => {
    expect(nextLabel(null, [])).toBe('I.');
    expect(nextLabel(null, [at('I', 'I.'), at('II', 'II.'), at('III', 'III.')])).toBe('IV.');
    expect(nextLabel(null, [at('VIII', 'VIII.')])).toBe('IX.');
    expect(nextLabel(null, [at('IX', 'IX.')])).toBe('X.');
  });

  it('numbers under a heading, then letters without f and j, then bullets', () => {
    const heading = at('III', 'III.');
    expect(nextLabel(heading, [])).toBe('1.');
    expect(nextLabel(heading, [at('III.1', '1.'), at('III.2', '2.')])).toBe('3.');
    const item = at('III.1', '1.');
    expect(nextLabel(item, [])).toBe('a)');
    expect(nextLabel(item, [at('III.1.d', 'd)')])).toBe('đ)');
    expect(nextLabel(item, [at('III.1.e', 'e)')])).toBe('g)');
    expect(nextLabel(at('III.1.a', 'a)'), [])).toBe('-');
  });

  it('keeps a bulleted level bulleted', () => {
    expect(nextLabel(at('III.8', '8.'), [at('III.8.-1', '-'), at('III.8.-2', '-')])).toBe('-');
    expect(nextLabel(at('III.8', '8.'), [at('III.8.+1', '+')])).toBe('+');
  });

  it('moves a section one step among its siblings, not past either end', () => {
    const all = [at('II', 'II.'), at('II.1', '1.'), at('II.1.a', 'a)'), at('II.1.b', 'b)'), at('II.1.c', 'c)')]
      .map((s, index) => ({ ...s, id: 10 + index }));
    const [heading, item, a, b, c] = all as [Section, Section, Section, Section, Section];
    expect(moveOf(all, c, -1)).toEqual({ sectionId: c.id, body: { parent_id: item.id, after_id: a.id } });
    expect(moveOf(all, b, -1)).toEqual({ sectionId: b.id, body: { parent_id: item.id, after_id: null } });
    expect(moveOf(all, a, 1)).toEqual({ sectionId: a.id, body: { parent_id: item.id, after_id: b.id } });
    expect(moveOf(all, item, -1)).toEqual(null);
    expect(moveOf(all, c, 1)).toEqual(null);
    expect(moveOf(all, heading, 1)).toEqual(null);
  });

  it('finds the siblings of a level', () => {
    const all = [at('I', 'I.'), at('I.1', '1.'), at('I.2', '2.'), at('II', 'II.')];
    expect(siblingsOf(all, null).map((s) => s.number)).toEqual(['I', 'II']);
    expect(siblingsOf(all, 'I').map((s) => s.number)).toEqual(['I.1', 'I.2']);
  });
});

describe('bodiesOf', () => {
  const base = { group: null, recurrence: 'once', section_title: '' } as const;
  const pnv = { id: 4, code: '694-PNV', name: 'Phòng Nội vụ huyện Hớn Quản', kind: 'department' as const };
  const assignments: AssignmentSummary[] = [
    { ...base, section_number: 'III.1.a', assignee: pnv, assignee_name: 'Phòng Nội vụ', role: 'lead', mode: 'assigned' },
    { ...base, section_number: 'III.1.d', assignee: null, assignee_name: 'Ban Dân vận Huyện ủy', role: 'support', mode: 'assigned' },
    { ...base, section_number: 'III.2.b', assignee: pnv, assignee_name: 'phòng Nội vụ', role: 'support', mode: 'assigned' },
    { ...base, section_number: 'III.1.b', assignee: pnv, assignee_name: 'Phòng Nội vụ', role: 'lead', mode: 'assigned' },
    { ...base, section_number: 'III.5.a', assignee: null, assignee_name: 'Liên đoàn Lao động huyện', role: 'lead', mode: 'requested' },
    {
      ...base, section_number: 'III.9.a', assignee: null, role: 'lead', mode: 'assigned',
      assignee_name: 'Các phòng ban chuyên môn, đơn vị sự nghiệp, UBND các xã, thị trấn',
      group: { label: 'Các phòng ban chuyên môn, đơn vị sự nghiệp, UBND các xã, thị trấn', kinds: [], grassroots_types: [], units_now: 18 },
    },
  ];

  it('lists each leading body once, with its tasks, in the order the plan names them', () => {
    const bodies = bodiesOf(assignments);
    expect(bodies.map((b) => [b.name, b.tasks, b.mode])).toEqual([
      ['Phòng Nội vụ', 2, 'assigned'],
      ['Liên đoàn Lao động huyện', 1, 'requested'],
      ['Các phòng ban chuyên môn, đơn vị sự nghiệp, UBND các xã, thị trấn', 1, 'assigned'],
    ]);
    expect(bodies[0]?.sections).toEqual(['III.1.a', 'III.1.b']);
    expect([bodies[0]?.unitId, bodies[0]?.unitName]).toEqual([4, 'Phòng Nội vụ huyện Hớn Quản']);
    expect(bodies[1]?.unitName).toBeNull();
    expect(bodies[2]?.groupSize).toBe(18);
  });
});

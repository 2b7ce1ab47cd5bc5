import { describe, expect, it } from 'vitest';
import type { AssignmentSummary, Section } from '../api/types';
import { bodiesOf, sectionTree } from './plans';

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
    expect(bodies[0]?.unitName).toBe('Phòng Nội vụ huyện Hớn Quản');
    expect(bodies[1]?.unitName).toBeNull();
    expect(bodies[2]?.groupSize).toBe(18);
  });
});

/**
 * Shapes of a plan as the pages show them: the section tree from the flat list the API gives
 * (`parent_number` links), and the bodies a plan gives tasks to (the "nine bodies" of part III of
 * seed 001), read from its assignments.
 */
import type { AssignmentSummary, Section, SectionMove } from '../api/types';

export interface SectionNode {
  section: Section;
  children: SectionNode[];
}

/** Sections in document order → a forest; a section whose parent is missing stays at the top. */
export function sectionTree(sections: readonly Section[]): SectionNode[] {
  const byNumber = new Map<string, SectionNode>();
  const roots: SectionNode[] = [];
  for (const section of sections) {
    const node: SectionNode = { section, children: [] };
    byNumber.set(section.number, node);
    const parent = section.parent_number ? byNumber.get(section.parent_number) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

const ROMAN: readonly [number, string][] = [[50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
/** The letters Vietnamese documents number with: no f, j, w, z. */
const LETTERS = 'abcdđeghiklmnopqrstuvxy';

function roman(n: number): string {
  let rest = n;
  let text = '';
  for (const [value, digits] of ROMAN) {
    while (rest >= value) {
      text += digits;
      rest -= value;
    }
  }
  return text;
}

function romanValue(text: string): number {
  let total = 0;
  for (let i = 0; i < text.length; i += 1) {
    const value = ROMAN.find(([, digits]) => digits === text[i])?.[0] ?? 0;
    const next = ROMAN.find(([, digits]) => digits === text[i + 1])?.[0] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

/**
 * The label a new section takes after `siblings` under `parent`, in the document's own numbering:
 * Roman headings at the top, then 1., a), and bullets; a level whose items are bullets stays bulleted.
 */
export function nextLabel(parent: Section | null, siblings: readonly Section[]): string {
  const last = siblings.at(-1)?.label;
  if (last === '-' || last === '+') return last;
  if (parent === null) return `${roman(Math.max(0, ...siblings.map((s) => romanValue(s.label.replace('.', '')))) + 1)}.`;
  const style = last ?? ({ 0: '1.', 1: 'a)' } as Record<number, string>)[parent.depth] ?? '-';
  if (/^\d+\.$/.test(style)) return `${Math.max(0, ...siblings.map((s) => Number.parseInt(s.label, 10) || 0)) + 1}.`;
  if (/^[a-zđ]\)$/.test(style)) {
    const used = Math.max(-1, ...siblings.map((s) => LETTERS.indexOf(s.label.replace(')', ''))));
    return `${LETTERS[used + 1] ?? LETTERS.at(-1)})`;
  }
  return style;
}

/** The sections that share `section`'s parent, in document order. */
export function siblingsOf(sections: readonly Section[], parentNumber: string | null): Section[] {
  return sections.filter((s) => (s.parent_number ?? null) === parentNumber);
}

export function parentOf(sections: readonly Section[], section: Section): Section | null {
  return sections.find((s) => s.number === section.parent_number) ?? null;
}

/** The section's place one step up or down among its siblings, as the move endpoint takes it; null at either end. */
export function moveOf(sections: readonly Section[], section: Section, step: -1 | 1): { sectionId: number; body: SectionMove } | null {
  const siblings = siblingsOf(sections, section.parent_number ?? null);
  const index = siblings.findIndex((s) => s.number === section.number);
  const target = index + step;
  if (section.id == null || index < 0 || target < 0 || target >= siblings.length) return null;
  // `after_id` names the sibling to follow (null: first): up follows the one two places back.
  const after = step === 1 ? siblings[target] : siblings[target - 1];
  return { sectionId: section.id, body: { parent_id: parentOf(sections, section)?.id ?? null, after_id: after?.id ?? null } };
}

export interface Body {
  /** The name as the plan writes it. */
  name: string;
  /** The unit it was matched to, or the group it stands for, or neither (to be mapped). */
  unitId: number | null;
  unitName: string | null;
  groupLabel: string | null;
  /** How many units a group covers today. */
  groupSize: number | null;
  mode: AssignmentSummary['mode'];
  /** Tasks it leads. */
  tasks: number;
  /** Sections it leads, e.g. III.1.a. */
  sections: string[];
}

function bodyKey(a: AssignmentSummary): string {
  if (a.assignee) return `unit:${a.assignee.id}`;
  if (a.group) return `group:${a.group.label.toLocaleLowerCase('vi')}`;
  return `name:${a.assignee_name.normalize('NFC').toLocaleLowerCase('vi')}`;
}

/**
 * The bodies that lead tasks, in the order the plan first names them. Supporting bodies
 * (phối hợp) are part of a task, not bodies of the plan's assignments of their own.
 */
export function bodiesOf(assignments: readonly AssignmentSummary[]): Body[] {
  const bodies = new Map<string, Body>();
  for (const a of assignments) {
    if (a.role !== 'lead') continue;
    const key = bodyKey(a);
    const body = bodies.get(key) ?? {
      name: a.assignee_name,
      unitId: a.assignee?.id ?? null,
      unitName: a.assignee?.name ?? null,
      groupLabel: a.group?.label ?? null,
      groupSize: a.group?.units_now ?? null,
      mode: a.mode,
      tasks: 0,
      sections: [],
    };
    body.tasks += 1;
    body.sections.push(a.section_number);
    bodies.set(key, body);
  }
  return [...bodies.values()];
}

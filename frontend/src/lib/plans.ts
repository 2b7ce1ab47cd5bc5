/**
 * Shapes of a plan as the pages show them: the section tree from the flat list the API gives
 * (`parent_number` links), and the bodies a plan gives tasks to (the "nine bodies" of part III of
 * seed 001), read from its assignments.
 */
import type { AssignmentSummary, Section } from '../api/types';

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

export interface Body {
  /** The name as the plan writes it. */
  name: string;
  /** The unit it was matched to, or the group it stands for, or neither (to be mapped). */
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

/**
 * Where the preview's findings stand in the plan's text: each recognised task (its title), body
 * (its name as written) and target (its subject) marked where the text says it, so the planner
 * sees at a glance what was read and what was not.
 */
import type { PlanImportResult } from '../api/types';

export type Finding = 'task' | 'body' | 'target';

export interface Piece {
  text: string;
  finding: Finding | null;
}

const SHORTEST = 4; // shorter words would mark half the plan

/** The words to look for; a title the server shortened ("…") is looked for up to its cut. */
function needles(result: PlanImportResult): [string, Finding][] {
  const whole = (text: string) => text.replace(/…$/, '').trim();
  return [
    ...result.targets.map((target) => [whole(target.subject), 'target'] as [string, Finding]),
    ...result.sections.filter((s) => s.kind === 'task').map((s) => [whole(s.title), 'task'] as [string, Finding]),
    ...result.assignments.map((a) => [a.assignee_name, 'body'] as [string, Finding]),
  ].filter(([needle]) => needle.length >= SHORTEST);
}

/** The words as a pattern that also finds them across a wrapped line (a PDF's text). */
function pattern(needle: string): RegExp {
  return new RegExp(needle.split(/\s+/).map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'), 'g');
}

/** The text cut into pieces, each marked with what was found there; earlier and longer wins. */
export function highlight(text: string, result: PlanImportResult): Piece[] {
  const spans: { start: number; end: number; finding: Finding }[] = [];
  for (const [needle, finding] of new Map(needles(result))) {
    for (const match of text.matchAll(pattern(needle))) {
      spans.push({ start: match.index, end: match.index + match[0].length, finding });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const pieces: Piece[] = [];
  let done = 0;
  for (const span of spans) {
    if (span.start < done) continue;
    if (span.start > done) pieces.push({ text: text.slice(done, span.start), finding: null });
    pieces.push({ text: text.slice(span.start, span.end), finding: span.finding });
    done = span.end;
  }
  if (done < text.length) pieces.push({ text: text.slice(done), finding: null });
  return pieces;
}

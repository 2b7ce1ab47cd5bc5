import { describe, expect, it } from 'vitest';
import type { PlanImportResult } from '../api/types';
import { highlight } from './planHighlights';

const TEXT = [
  'II. NHIỆM VỤ',
  'a) Biên soạn tài liệu hỏi đáp về Luật.',
  '- Phấn đấu 100% thôn tổ chức hội nghị thôn.',
  'III. TỔ CHỨC THỰC HIỆN',
  '1. Phòng Nội vụ',
  '| 1 | Rà soát quy chế | Phòng Nội vụ | Phòng Tư pháp |',
  'Giao Phòng Tư',
  'pháp (x+1) thực hiện.',
].join('\n');

const result = {
  sections: [
    { number: 'II.a', label: 'a)', title: 'Biên soạn tài liệu hỏi đáp về Luật', text: '', kind: 'task', depth: 1 },
    { number: 'III', label: 'III.', title: 'TỔ CHỨC THỰC HIỆN', text: '', kind: 'heading', depth: 0 },
  ],
  targets: [{ section_number: 'II', indicator_code: null, comparator: '>=', value: 100, unit: '%', subject: 'thôn tổ chức hội nghị thôn', recurrence: 'annual' }],
  assignments: [
    { section_number: 'III.1', section_title: '', assignee: null, assignee_name: 'Phòng Nội vụ', group: null, role: 'lead', mode: 'assigned', recurrence: 'once' },
    { section_number: 'III.1', section_title: '', assignee: null, assignee_name: 'Phòng Tư pháp', group: null, role: 'support', mode: 'assigned', recurrence: 'once' },
    { section_number: 'III.1', section_title: '', assignee: null, assignee_name: 'UB', group: null, role: 'lead', mode: 'assigned', recurrence: 'once' },
    { section_number: 'III.2', section_title: '', assignee: null, assignee_name: 'Phòng Tư pháp (x+1)', group: null, role: 'lead', mode: 'assigned', recurrence: 'once' },
  ],
} as unknown as PlanImportResult;

describe('highlight', () => {
  const pieces = highlight(TEXT, result);

  it('keeps the whole text, in order', () => {
    expect(pieces.map((p) => p.text).join('')).toBe(TEXT);
  });

  it('marks tasks, targets and every place a body is named, but not headings or short names', () => {
    expect(pieces.filter((p) => p.finding).map((p) => [p.finding, p.text])).toEqual([
      ['task', 'Biên soạn tài liệu hỏi đáp về Luật'],
      ['target', 'thôn tổ chức hội nghị thôn'],
      ['body', 'Phòng Nội vụ'],
      ['body', 'Phòng Nội vụ'],
      ['body', 'Phòng Tư pháp'],
      ['body', 'Phòng Tư\npháp (x+1)'],
    ]);
  });

  it('gives one plain piece when nothing was found', () => {
    expect(highlight('Nội dung khác', result)).toEqual([{ text: 'Nội dung khác', finding: null }]);
  });
});

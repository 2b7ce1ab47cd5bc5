import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PlanImportResult } from '../../api/types';
import { I18nProvider } from '../../i18n';
import { HighlightedText } from './PlanImportPage';

const result = {
  sections: [{ number: 'II.1.a', label: 'a)', title: 'Biên soạn tài liệu hỏi đáp', text: '', kind: 'task', depth: 2 }],
  targets: [],
  assignments: [{ section_number: 'III.1', section_title: '', assignee: null, assignee_name: 'Phòng Nội vụ', group: null, role: 'lead', mode: 'assigned', recurrence: 'once' }],
} as unknown as PlanImportResult;

describe('HighlightedText', () => {
  it('marks each finding with its kind and keeps the rest as plain text', () => {
    const shown = renderToStaticMarkup(
      <I18nProvider initial="vi"><HighlightedText text={'a) Biên soạn tài liệu hỏi đáp.\n1. Phòng Nội vụ'} result={result} /></I18nProvider>,
    );
    expect(shown).toContain('<mark title="Nhiệm vụ" data-finding="task"');
    expect(shown).toMatch(/data-finding="task"[^>]*>Biên soạn tài liệu hỏi đáp<\/mark>\.\n1\. <mark title="Cơ quan, đơn vị" data-finding="body"[^>]*>Phòng Nội vụ<\/mark>/);
  });
});

import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { RegisterEntry } from '../../api/types';
import { I18nProvider } from '../../i18n';
import { RegisterTable } from './DocumentRegister';

const ENTRY: RegisterEntry = {
  number: 4, symbol: 'BC-UBND', year: 2024, issued_on: '2024-01-11', submission_id: 31, period: '2023',
  summary: 'Kết quả thực hiện dân chủ ở cơ sở năm 2023', status: 'approved', signed: true, published: true,
};

function html(entries: RegisterEntry[], opener: string | null = '/review'): string {
  return renderToStaticMarkup(
    <I18nProvider initial="vi">
      <MemoryRouter>
        <RegisterTable entries={entries} total={entries.length} page={1} loading={false} onPage={() => undefined} opener={opener} />
      </MemoryRouter>
    </I18nProvider>,
  );
}

describe('RegisterTable', () => {
  it('writes number and symbol, date, summary, a link to the report and the document state', () => {
    const shown = html([ENTRY]);
    expect(shown).toContain('04/BC-UBND');
    expect(shown).toContain('11/01/2024');
    expect(shown).toContain('Kết quả thực hiện dân chủ ở cơ sở năm 2023');
    expect(shown).toContain('href="/review/31"');
    expect(shown).toContain('Đã ban hành');
    expect(shown).toContain('Đã ký số');
    expect(shown).toContain('Đã công khai');
  });

  it('marks a number whose report was reopened as withdrawn, unsigned and not public', () => {
    const shown = html([{ ...ENTRY, status: 'returned', signed: false, published: false }], null);
    expect(shown).toContain('Đã thu hồi');
    expect(shown).toContain('Chưa ký số');
    expect(shown).not.toContain('Đã công khai');
    expect(shown).not.toContain('href="/review/31"');
  });

  it('says when the unit has given no number', () => {
    expect(html([])).toContain('Đơn vị chưa cấp số văn bản nào.');
  });
});

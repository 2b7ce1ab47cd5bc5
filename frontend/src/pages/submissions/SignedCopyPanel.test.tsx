import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { SignedCopy } from '../../api/types';
import { I18nProvider } from '../../i18n';
import { SignedCopySummary } from './SignedCopyPanel';

const COPY: SignedCopy = {
  filename: 'bao-cao-ky-so.pdf',
  size: 52_000,
  sha256: 'a'.repeat(64),
  signatures: 1,
  signer_name: 'Nguyễn Văn An',
  signed_at: '2026-12-03T08:30:00Z',
  certificate_subject: 'Common Name: Nguyễn Văn An',
  certificate_issuer: 'Common Name: CA Ban Cơ yếu Chính phủ',
  certificate_serial: '1F2E3D',
  certificate_sha256: 'b'.repeat(64),
  certificate_pem: '-----BEGIN CERTIFICATE-----',
  trusted: true,
  uploaded_at: '2026-12-03T08:40:00Z',
};

function html(copy: SignedCopy): string {
  return renderToStaticMarkup(<I18nProvider initial="vi"><SignedCopySummary copy={copy} /></I18nProvider>);
}

describe('SignedCopySummary', () => {
  it('names the signer, the signing time, the issuer and a trusted certificate', () => {
    const shown = html(COPY);
    expect(shown).toContain('Nguyễn Văn An');
    expect(shown).toContain('15:30');  // shown in Vietnam's time
    expect(shown).toContain('03/12/2026');
    expect(shown).toContain('CA Ban Cơ yếu Chính phủ');
    expect(shown).toContain('1F2E3D');
    expect(shown).toContain('Chứng thư tin cậy');
    expect(shown).not.toContain('Số chữ ký trong tệp');
  });

  it('says when the certificate is not one the server trusts, and counts several signatures', () => {
    const shown = html({ ...COPY, trusted: false, signatures: 2 });
    expect(shown).toContain('Chứng thư chưa được xác thực');
    expect(shown).not.toContain('Chứng thư tin cậy');
    expect(shown).toContain('Số chữ ký trong tệp');
  });
});

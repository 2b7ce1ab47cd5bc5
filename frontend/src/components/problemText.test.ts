import { describe, expect, it } from 'vitest';
import contract from '../../../openapi/openapi.json';
import { ApiProblem } from '../api/problem';
import { translate, translator, type MessageKey } from '../i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { problemText } from './problemText';

/** Every `code` the API can answer with, as the contract declares them (schema ProblemCode). */
const BACKEND_CODES: readonly string[] = contract.components.schemas.ProblemCode.enum;

const staleVersion = ApiProblem.fromResponse(409, {
  code: 'stale_version',
  title: 'Conflict',
  detail: 'The report changed since version 3: it is now at version 4. Reload it and apply your changes again; nothing was saved.',
  current_version: 4,
});

describe('problemText', () => {
  it('says a known code in Vietnamese rather than the English detail', () => {
    expect(problemText(staleVersion, translator('vi'))).toBe(translate('vi', 'problem.stale_version'));
  });

  it('keeps the server detail in English, as it is more specific', () => {
    expect(problemText(staleVersion, translator('en'))).toBe(staleVersion.detail);
  });

  it('falls back to the code message in English when the server gave no detail', () => {
    const bare = ApiProblem.fromResponse(409, { code: 'stale_version', title: 'Conflict' });
    expect(problemText(bare, translator('en'))).toBe(translate('en', 'problem.stale_version'));
  });

  it('falls back to the detail, then the title, then a generic sentence for an unknown code', () => {
    const unknown = (body: Record<string, unknown>) => ApiProblem.fromResponse(418, { code: 'brand_new', ...body });
    expect(problemText(unknown({ detail: 'Teapot.', title: "I'm a teapot" }), translator('vi'))).toBe('Teapot.');
    expect(problemText(unknown({ title: "I'm a teapot" }), translator('vi'))).toBe("I'm a teapot");
    expect(problemText(unknown({}), translator('vi'))).toBe(translate('vi', 'error.generic'));
  });

  it('says the server cannot be reached, in either language', () => {
    const offline = ApiProblem.network(new TypeError('Failed to fetch'));
    expect(problemText(offline, translator('vi'))).toBe(translate('vi', 'error.network'));
    expect(problemText(offline, translator('en'))).toBe(translate('en', 'error.network'));
  });

  it('gives the generic sentence for an error that is no problem document', () => {
    expect(problemText(new Error('boom'), translator('vi'))).toBe(translate('vi', 'error.generic'));
  });

  it('answers in the language of a t that does not name it', () => {
    const t = (key: MessageKey) => translate('vi', key);
    expect(problemText(staleVersion, t)).toBe(translate('vi', 'problem.stale_version'));
  });
});

describe('problem messages', () => {
  it('list the backend codes sorted and once each', () => {
    expect([...new Set(BACKEND_CODES)].sort()).toEqual([...BACKEND_CODES]);
  });

  it.each(BACKEND_CODES)('say %s in both languages', (code) => {
    const key = `problem.${code}`;
    expect(vi).toHaveProperty([key]);
    expect(en).toHaveProperty([key]);
  });

  it('exist only for backend codes', () => {
    const keys = Object.keys(vi).filter((key) => key.startsWith('problem.'));
    expect(keys.map((key) => key.slice('problem.'.length)).sort()).toEqual([...BACKEND_CODES]);
  });
});

import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/problem';
import { translate, translator } from '../i18n';
import { formProblem, formProblemAt } from './formProblem';

const t = translator('vi');
const invalid = (loc: string[][]) => ApiProblem.fromResponse(422, {
  code: 'validation_failed', title: 'Unprocessable', detail: 'Invalid input',
  errors: loc.map((l) => ({ loc: l, msg: 'Field required', type: 'missing' })),
});

describe('formProblem', () => {
  it('puts field errors beside their fields and says nothing above the form', () => {
    const shown = formProblem(invalid([['body', 'name']]), ['name', 'url'] as const, t);
    expect(shown.fields.map((f) => f.name)).toEqual(['name']);
    expect(shown.message).toBeNull();
  });

  it('says above the form what no field of it can show', () => {
    const shown = formProblem(invalid([['body', 'name'], ['body', 'secret']]), ['name'] as const, t);
    expect(shown.fields).toHaveLength(1);
    expect(shown.message).toContain(translate('vi', 'problem.validation_failed'));
  });

  it('gives a refusal without fields, or a failure that is no API problem, one sentence', () => {
    const conflict = ApiProblem.fromResponse(409, { code: 'stale_version', title: 'Conflict', detail: 'x' });
    expect(formProblem(conflict, ['name'] as const, t)).toEqual({ fields: [], message: translate('vi', 'problem.stale_version') });
    expect(formProblem(new Error('boom'), ['name'] as const, t)).toEqual({ fields: [], message: translate('vi', 'error.generic') });
  });
});

describe('formProblemAt', () => {
  const place = (path: (string | number)[]) => (path[0] === 'rules' ? path : null);

  it('puts an error on the nested field it names, once per text', () => {
    const shown = formProblemAt(invalid([['body', 'rules', '2', 'left'], ['body', 'rules', '2', 'left']]), place, t);
    expect(shown.fields).toEqual([{ name: ['rules', 2, 'left'], errors: [translate('vi', 'field.required')] }]);
    expect(shown.message).toBeNull();
  });

  it('says above the form what it cannot place, with the problem itself', () => {
    const shown = formProblemAt(invalid([['body', 'rules', '0', 'op'], ['body', 'secret']]), place, t);
    expect(shown.fields.map((f) => f.name)).toEqual([['rules', 0, 'op']]);
    expect(shown.message).toBe(`${translate('vi', 'problem.validation_failed')} ${translate('vi', 'field.required')}`);
  });

  it('gives a failure without field errors one sentence', () => {
    const conflict = ApiProblem.fromResponse(409, { code: 'reporting_form_code_taken', title: 'Conflict', detail: 'x' });
    expect(formProblemAt(conflict, place, t)).toEqual({ fields: [], message: translate('vi', 'problem.reporting_form_code_taken') });
  });
});

import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/problem';
import { translate, translator } from '../i18n';
import { formProblem } from './formProblem';

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

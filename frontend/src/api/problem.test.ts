import { describe, expect, it } from 'vitest';
import { ApiProblem, fieldPathOf } from './problem';

describe('ApiProblem', () => {
  it('reads the members of a problem document', () => {
    const p = ApiProblem.fromResponse(409, {
      type: 'https://qcdc.gov.vn/problems/conflict', title: 'Conflict', status: 409,
      detail: 'Username taken', code: 'conflict',
    });
    expect(p.message).toBe('Username taken');
    expect([p.status, p.code, p.title, p.detail]).toEqual([409, 'conflict', 'Conflict', 'Username taken']);
    expect(p.errors).toEqual([]);
    expect(p.lockedUntil).toBeNull();
  });

  it('gives a code to a body that is not a problem document', () => {
    expect(ApiProblem.fromResponse(502, '<html>Bad gateway</html>').code).toBe('http_502');
    expect(ApiProblem.fromResponse(502, '<html>Bad gateway</html>').detail).toBe('<html>Bad gateway</html>');
    expect(ApiProblem.fromResponse(500, undefined).message).toBe('HTTP 500');
    expect(ApiProblem.fromResponse(500, [1, 2]).code).toBe('http_500');
  });

  it('drops malformed field errors members rather than failing', () => {
    const p = ApiProblem.fromResponse(422, { code: 'validation_failed', errors: [null, 'x', { loc: 'body', msg: 3 }] });
    expect(p.errors).toEqual([{ loc: [], msg: '', type: '' }]);
  });

  it('groups several errors of one field and translates them', () => {
    const p = ApiProblem.fromResponse(422, {
      code: 'validation_failed',
      errors: [
        { loc: ['body', 'password'], msg: 'too short', type: 'string_too_short' },
        { loc: ['body', 'password'], msg: 'too common', type: 'value_error' },
        { loc: ['body'], msg: 'Field required', type: 'missing' },
      ],
    });
    const result = p.formFields(['password'], (e) => e.type.toUpperCase());
    expect(result.fields).toEqual([{ name: 'password', errors: ['STRING_TOO_SHORT', 'VALUE_ERROR'] }]);
    expect(result.unmatched).toHaveLength(1);
  });

  it('carries extension members such as locked_until', () => {
    const p = ApiProblem.fromResponse(401, { code: 'account_locked', locked_until: '2024-01-01T00:00:00Z' });
    expect(p.code).toBe('account_locked');
    expect(p.lockedUntil).toBe('2024-01-01T00:00:00Z');
    expect(ApiProblem.fromResponse(401, { code: 'account_locked', locked_until: 5 }).lockedUntil).toBeNull();
  });
});

describe('fieldPathOf', () => {
  it.each([
    [['body', 'username'], ['username']],
    [['body', 'roles', '0'], ['roles', 0]],
    [['query', 'limit'], ['limit']],
    [['path', 'unit_id'], ['unit_id']],
    [['username'], ['username']],
    [['body'], []],
    [[], []],
  ])('%j → %j', (loc, expected) => {
    expect(fieldPathOf(loc)).toEqual(expected);
  });
});

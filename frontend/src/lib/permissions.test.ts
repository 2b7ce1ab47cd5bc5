import { describe, expect, it } from 'vitest';
import type { Role } from '../api/types';
import { permissionsOf, type Caller } from './permissions';

const UNIT = { id: 7, code: '70', name: 'Xã Song Vân', kind: 'commune' as const };

function caller(roles: Role[], options: { is_admin?: boolean; unit?: Caller['unit'] } = {}): Caller {
  return { roles, is_admin: options.is_admin ?? false, unit: options.unit === undefined ? UNIT : options.unit };
}

describe('permissionsOf', () => {
  it('grants nothing to nobody', () => {
    expect(permissionsOf(null)).toEqual({
      isAdmin: false, canPlan: false, canReview: false, canReport: false, canCompile: false, canWriteReports: false,
      canImportFigures: false, canView: false, hasUnit: false, canReorganise: false, canManageForms: false,
    });
    expect(permissionsOf(undefined).canView).toBe(false);
  });

  it('lets the unit-less admin plan, review and view, but not report for a unit', () => {
    expect(permissionsOf(caller(['admin'], { is_admin: true, unit: null }))).toEqual({
      isAdmin: true, canPlan: true, canReview: true, canReport: false, canCompile: false, canWriteReports: false,
      canImportFigures: true, canView: true, hasUnit: false, canReorganise: true, canManageForms: true,
    });
  });

  it('trusts is_admin even when the role list does not say admin', () => {
    expect(permissionsOf(caller([], { is_admin: true })).isAdmin).toBe(true);
  });

  it('treats the admin role as admin even if the flag is missing', () => {
    expect(permissionsOf(caller(['admin'])).isAdmin).toBe(true);
  });

  it.each<[Role[], Partial<ReturnType<typeof permissionsOf>>]>([
    [['planner'], { isAdmin: false, canPlan: true, canReview: false, canReport: false, canCompile: true, canWriteReports: true, canView: true }],
    [['reviewer'], { isAdmin: false, canPlan: false, canReview: true, canReport: false, canCompile: true, canWriteReports: true, canView: true }],
    [['reporter'], { isAdmin: false, canPlan: false, canReview: false, canReport: true, canCompile: false, canWriteReports: true, canImportFigures: true, canView: true }],
    [['viewer'], { isAdmin: false, canPlan: false, canReview: false, canReport: false, canCompile: false, canWriteReports: false, canImportFigures: false, canView: true }],
    [['planner', 'reviewer'], { canPlan: true, canReview: true, canReport: false, canImportFigures: false }],
    [['reporter', 'viewer'], { canPlan: false, canReport: true, canView: true }],
  ])('roles %j give %j', (roles, expected) => {
    expect(permissionsOf(caller(roles))).toMatchObject(expected);
  });

  it('lets admins and the planners of a unit reorganise the units below, as the server does', () => {
    expect(permissionsOf(caller(['admin'])).canReorganise).toBe(true);
    expect(permissionsOf(caller(['planner'])).canReorganise).toBe(true);
    expect(permissionsOf(caller(['planner'], { unit: null })).canReorganise).toBe(false);
    for (const role of ['reviewer', 'reporter', 'viewer'] as const) expect(permissionsOf(caller([role])).canReorganise).toBe(false);
  });

  it('lets admins and planners manage reporting forms, as the API does', () => {
    expect(permissionsOf(caller(['admin'])).canManageForms).toBe(true);
    expect(permissionsOf(caller(['planner'])).canManageForms).toBe(true);
    for (const role of ['reviewer', 'reporter', 'viewer'] as const) expect(permissionsOf(caller([role])).canManageForms).toBe(false);
  });

  it('knows whether tasks can fall to the user', () => {
    expect(permissionsOf(caller(['planner'])).hasUnit).toBe(true);
    expect(permissionsOf(caller(['admin'], { is_admin: true, unit: null })).hasUnit).toBe(false);
  });

  it('does not let a reporter without a unit report', () => {
    expect(permissionsOf(caller(['reporter'], { unit: null })).canReport).toBe(false);
  });

  it('lets only a planner or reviewer with a unit compile its report', () => {
    expect(permissionsOf(caller(['planner'], { unit: null })).canCompile).toBe(false);
    expect(permissionsOf(caller(['reviewer'], { unit: null })).canWriteReports).toBe(false);
  });

  it('gives a user without roles no view', () => {
    expect(permissionsOf(caller([])).canView).toBe(false);
  });
});

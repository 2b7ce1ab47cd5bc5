/**
 * What the UI offers a signed-in user. The server enforces every right on its own; these only
 * decide what is worth showing, so a viewer is not invited to press buttons that would be refused.
 */
import type { Me, Role } from '../api/types';

export type Caller = Pick<Me, 'roles' | 'is_admin' | 'unit'>;

export interface Permissions {
  isAdmin: boolean;
  /** Write and assign plans for the user's unit and below. */
  canPlan: boolean;
  /** Approve or return reports coming from below. */
  canReview: boolean;
  /** Fill and submit the reports of the user's own unit: needs a unit to report for. */
  canReport: boolean;
  /** Compile the report of the user's unit from the units below (báo cáo tổng hợp): its planners and reviewers. */
  canCompile: boolean;
  /** The reports pages: a reporter fills the unit's own, a compiler its compiled ones. */
  canWriteReports: boolean;
  /** Import figures from Excel: reporters for their unit, admins (the country-wide one for any unit). */
  canImportFigures: boolean;
  /** Read plans, dashboards and indicators: every signed-in role may. */
  canView: boolean;
  /** Belongs to a unit, so tasks can fall to it ("my tasks"). */
  hasUnit: boolean;
  /**
   * Import a reorganisation (sắp xếp đơn vị): the server lets admins and planners change the units
   * strictly below their own (a country-wide admin: all), as it does a single unit's closing.
   */
  canReorganise: boolean;
  /**
   * Create and change reporting forms (mẫu báo cáo): the server lets admins and planners, for the
   * forms their unit owns and those of the units below (national ones: the country-wide admins).
   */
  canManageForms: boolean;
}

function has(caller: Caller, role: Role): boolean {
  return caller.roles.includes(role);
}

export function permissionsOf(caller: Caller | null | undefined): Permissions {
  if (!caller) {
    return {
      isAdmin: false, canPlan: false, canReview: false, canReport: false, canCompile: false, canWriteReports: false,
      canImportFigures: false, canView: false, hasUnit: false, canReorganise: false,
      canManageForms: false,
    };
  }
  const isAdmin = caller.is_admin || has(caller, 'admin');
  const canReport = caller.unit !== null && has(caller, 'reporter');
  const canCompile = caller.unit !== null && (has(caller, 'planner') || has(caller, 'reviewer'));
  return {
    isAdmin,
    canPlan: isAdmin || has(caller, 'planner'),
    canReview: isAdmin || has(caller, 'reviewer'),
    canReport,
    canCompile,
    canWriteReports: canReport || canCompile,
    canImportFigures: isAdmin || canReport,
    canView: isAdmin || caller.roles.length > 0,
    hasUnit: caller.unit !== null,
    canReorganise: isAdmin || (caller.unit !== null && has(caller, 'planner')),
    canManageForms: isAdmin || has(caller, 'planner'),
  };
}

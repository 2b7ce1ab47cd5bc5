/** Names for the schema's shapes, so pages do not spell out `components['schemas'][...]`. */
import type { components } from './schema';

type Schemas = components['schemas'];

export type Me = Schemas['Me'];
export type Role = Schemas['Role'];
export type OrgUnit = Schemas['OrgUnit'];
export type User = Schemas['User'];
export type UserCreate = Schemas['UserCreate'];
/** Every member is optional in a PATCH; the generator marks `unlock` required because it has a default. */
export type UserUpdate = Partial<Schemas['UserUpdate']>;
export type AuditEvent = Schemas['AuditEvent'];
export type Token = Schemas['Token'];
export type Plan = Schemas['Plan'];
export type PlanStatus = Schemas['PlanStatus'];
export type Task = Schemas['Task'];
export type SubmissionSummary = Schemas['SubmissionSummary'];
export type SubmissionStatus = Schemas['SubmissionStatus'];
export type Indicator = Schemas['Indicator'];
export type ValueType = Schemas['ValueType'];

export const ROLES = ['admin', 'planner', 'reviewer', 'reporter', 'viewer'] as const satisfies readonly Role[];
export const PLAN_STATUSES = ['draft', 'issued', 'closed'] as const satisfies readonly PlanStatus[];
export const SUBMISSION_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const satisfies readonly SubmissionStatus[];
export const VALUE_TYPES = ['count', 'number', 'ratio', 'yes_no', 'text'] as const satisfies readonly ValueType[];

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
export type OrgUnitRef = Schemas['OrgUnitRef'];
export type OrgUnitKind = Schemas['OrgUnitKind'];
export type OrgUnitCreate = Schemas['OrgUnitCreate'];
export type OrgUnitClose = Schemas['OrgUnitClose'];
export type OrgUnitSuccession = Schemas['OrgUnitSuccession'];
export type GrassrootsType = Schemas['GrassrootsType'];
export type PlanDetail = Schemas['PlanDetail'];
export type PlanUpdate = Schemas['PlanUpdate'];
export type PlanImport = Schemas['PlanImport'];
export type PlanImportResult = Schemas['PlanImportResult'];
export type Section = Schemas['Section'];
export type Target = Schemas['Target'];
export type Amendment = Schemas['Amendment'];
export type CascadeNode = Schemas['CascadeNode'];
export type AssignmentSummary = Schemas['AssignmentSummary'];
export type Occurrence = Schemas['Occurrence'];
export type ProgressReport = Schemas['ProgressReport'];
export type ProgressStatus = Schemas['ProgressStatus'];
export type DocumentRef = Schemas['DocumentRef'];
export type EvidenceFile = Schemas['EvidenceFile'];
export type ReportingForm = Schemas['ReportingForm'];
export type FormIndicator = Schemas['FormIndicator'];
export type CrossRule = Schemas['CrossRule'];
export type NarrativeSection = Schemas['NarrativeSection'];
export type Submission = Schemas['Submission'];
export type SubmissionVersion = Schemas['SubmissionVersion'];
export type Figure = Schemas['Figure'];
export type FigureIn = Schemas['FigureIn'];
export type TaskProgress = Schemas['TaskProgress'];
export type HistoryEntry = Schemas['HistoryEntry'];
export type AggregateRow = Schemas['AggregateRow'];
export type TargetRef = Schemas['TargetRef'];

export const ROLES = ['admin', 'planner', 'reviewer', 'reporter', 'viewer'] as const satisfies readonly Role[];
export const PLAN_STATUSES = ['draft', 'issued', 'closed'] as const satisfies readonly PlanStatus[];
export const SUBMISSION_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const satisfies readonly SubmissionStatus[];
export const PROGRESS_STATUSES = ['not_started', 'in_progress', 'completed', 'not_applicable'] as const satisfies readonly ProgressStatus[];
export const ORG_UNIT_KINDS = [
  'province', 'district', 'commune', 'village', 'department', 'public_service', 'mass_org', 'enterprise', 'steering_committee',
] as const satisfies readonly OrgUnitKind[];
export const GRASSROOTS_TYPES = ['commune', 'agency', 'employer'] as const satisfies readonly GrassrootsType[];
export const VALUE_TYPES = ['count', 'number', 'ratio', 'yes_no', 'text'] as const satisfies readonly ValueType[];

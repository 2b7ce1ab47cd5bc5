/** Names for the schema's shapes, so pages do not spell out `components['schemas'][...]`. */
import type { components, operations } from './schema';

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
/** The import's body is read by hand (JSON text or a multipart file), so it is not a component. */
type PlanImportBodies = operations['plans:import']['requestBody']['content'];
export type PlanImport = PlanImportBodies['application/json'];
export type PlanFileImport = PlanImportBodies['multipart/form-data'];
export type PlanImportResult = Schemas['PlanImportResult'];
export type Section = Schemas['Section'];
export type SectionCreate = Schemas['SectionCreate'];
export type SectionUpdate = Schemas['SectionUpdate'];
export type SectionMove = Schemas['SectionMove'];
export type SectionKind = Schemas['SectionKind'];
export type Target = Schemas['Target'];
export type Amendment = Schemas['Amendment'];
export type CascadeNode = Schemas['CascadeNode'];
export type AssignmentSummary = Schemas['AssignmentSummary'];
export type Occurrence = Schemas['Occurrence'];
export type ProgressCreate = Schemas['ProgressCreate'];
export type ProgressStatus = Schemas['ProgressStatus'];
export type TaskState = Schemas['TaskState'];
export type DocumentRef = Schemas['DocumentRef'];
export type EvidenceFile = Schemas['EvidenceFile'];
export type ReportingForm = Schemas['ReportingForm'];
export type ReportingFormCreate = Schemas['ReportingFormCreate'];
export type ReportingFormUpdate = Schemas['ReportingFormUpdate'];
export type CutoffRule = Schemas['CutoffRule'];
export type DeadlineDays = Schemas['DeadlineDays'];
export type Reporters = Schemas['Reporters'];
export type FormIndicatorIn = Schemas['FormIndicatorIn'];
export type DocumentSettings = Schemas['DocumentSettings'];
export type DocumentSettingsUpdate = Schemas['DocumentSettingsUpdate'];
export type DocumentFormat = Schemas['DocumentFormat'];
export type SignedCopy = Schemas['SignedCopy'];
export type RegisterEntry = Schemas['RegisterEntry'];
export type FormIndicator = Schemas['FormIndicator'];
export type CrossRule = Schemas['CrossRule'];
export type CrossRuleOperator = CrossRule['op'];
export type NarrativeSection = Schemas['NarrativeSection'];
export type Submission = Schemas['Submission'];
export type SubmissionVersion = Schemas['SubmissionVersion'];
export type DataValue = Schemas['DataValue'];
export type UnitTotal = Schemas['UnitTotal'];
export type Outlier = Schemas['Outlier'];
export type DataValueIn = Schemas['DataValueIn'];
export type TaskProgress = Schemas['TaskProgress'];
export type HistoryEntry = Schemas['HistoryEntry'];
export type AggregateRow = Schemas['AggregateRow'];
export type TargetRef = Schemas['TargetRef'];
export type ApiToken = Schemas['ApiToken'];
export type ApiTokenCreate = Schemas['ApiTokenCreate'];
export type ApiTokenCreated = Schemas['ApiTokenCreated'];
export type ApiClient = Schemas['ApiClient'];
export type ApiClientCreate = Schemas['ApiClientCreate'];
export type ApiClientCreated = Schemas['ApiClientCreated'];
/** Every member is optional in a PATCH; the generator marks `rotate_secret` required because it has a default. */
export type ApiClientUpdate = Partial<Schemas['ApiClientUpdate']>;
/** What an API token or an API client may do: `read`, `write`, `<resource>:read`, `<resource>:write`. */
export type Scope = NonNullable<Schemas['ApiTokenCreate']['scopes']>[number];
export type Webhook = Schemas['Webhook'];
export type WebhookCreate = Schemas['WebhookCreate'];
export type WebhookCreated = Schemas['WebhookCreated'];
export type WebhookUpdate = Partial<Schemas['WebhookUpdate']>;
/** An event of the catalogue a webhook subscribes to, or `*` for all of them. */
export type WebhookEvent = WebhookCreate['events'][number];
export type Delivery = Schemas['Delivery'];
export type DeliveryStatus = Schemas['DeliveryStatus'];

export const ROLES = ['admin', 'planner', 'reviewer', 'reporter', 'viewer'] as const satisfies readonly Role[];
export const PLAN_STATUSES = ['draft', 'issued', 'closed'] as const satisfies readonly PlanStatus[];
export const SUBMISSION_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const satisfies readonly SubmissionStatus[];
export const PROGRESS_STATUSES = ['not_started', 'in_progress', 'completed', 'not_applicable'] as const satisfies readonly ProgressStatus[];
export const ORG_UNIT_KINDS = [
  'province', 'district', 'commune', 'village', 'department', 'public_service', 'mass_org', 'enterprise', 'steering_committee',
] as const satisfies readonly OrgUnitKind[];
export const GRASSROOTS_TYPES = ['commune', 'agency', 'employer'] as const satisfies readonly GrassrootsType[];
export const CUTOFF_RULES = ['decree09', 'calendar'] as const satisfies readonly CutoffRule[];
/** The comparisons of a cross-field rule, in the order a form offers them. */
export const CROSS_RULE_OPERATORS = ['<=', '<', '>=', '>', '=='] as const satisfies readonly CrossRuleOperator[];
export type AllCrossRuleOperatorsListed = Holds<[Exclude<CrossRuleOperator, (typeof CROSS_RULE_OPERATORS)[number]>] extends [never] ? true : false>;
export const VALUE_TYPES = ['count', 'number', 'ratio', 'yes_no', 'text'] as const satisfies readonly ValueType[];
/** Every scope, in the API's order; the compiler checks none is missing (see `AllScopesListed`). */
export const SCOPES = [
  'read', 'write',
  'org-units:read', 'org-units:write', 'users:read', 'users:write', 'plans:read', 'plans:write',
  'assignments:read', 'assignments:write', 'catalogue:read', 'catalogue:write',
  'submissions:read', 'submissions:write', 'data:read', 'data:write', 'aggregates:read',
  'audit:read', 'webhooks:read', 'webhooks:write', 'api-tokens:read', 'api-tokens:write',
  'api-clients:read', 'api-clients:write',
] as const satisfies readonly Scope[];
type Holds<T extends true> = T;
/** Fails to compile when the API adds a scope the list above lacks. */
export type AllScopesListed = Holds<[Exclude<Scope, (typeof SCOPES)[number]>] extends [never] ? true : false>;
/** The event catalogue of webhooks, `*` (every event) first. */
export const WEBHOOK_EVENTS = [
  '*', 'plan.issued', 'submission.submitted', 'submission.approved', 'submission.returned', 'assignment.overdue',
] as const satisfies readonly WebhookEvent[];
/** Fails to compile when the API adds an event the list above lacks. */
export type AllWebhookEventsListed = Holds<[Exclude<WebhookEvent, (typeof WEBHOOK_EVENTS)[number]>] extends [never] ? true : false>;
export const DELIVERY_STATUSES = ['pending', 'delivered', 'given_up'] as const satisfies readonly DeliveryStatus[];
export type Compilation = Schemas['Compilation'];
export type CompilationMaterial = Schemas['Material'];
export type IndicatorMaterial = Schemas['IndicatorMaterial'];
export type FormCompleteness = Schemas['FormCompleteness'];
export type NarrativeMaterial = Schemas['NarrativeMaterial'];
export type CompiledTotal = Schemas['Total'];
export type Notification = Schemas['Notification'];
export type MissingReport = Schemas['MissingReport'];
export type OwnSettings = Schemas['OwnSettings'];

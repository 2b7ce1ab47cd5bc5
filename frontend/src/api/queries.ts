/** TanStack Query hooks over the API: the query keys live here, so invalidation stays consistent. */
import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { unwrap } from './client';
import { api, client } from './index';
import type { OrgUnit, PlanStatus, Role, SubmissionStatus, UserCreate, UserUpdate, ValueType } from './types';

export const keys = {
  me: ['me'] as const,
  orgUnits: ['org-units'] as const,
  orgUnit: (id: number) => ['org-units', 'one', id] as const,
  ancestors: (id: number) => ['org-units', 'ancestors', id] as const,
  children: (id: number, page: number, limit: number, asOf?: string) => ['org-units', 'children', id, page, limit, asOf ?? null] as const,
  allChildren: (parentId: number | null, asOf?: string) => ['org-units', 'all-children', parentId, asOf ?? null] as const,
  search: (q: string, page: number, limit: number) => ['org-units', 'search', q, page, limit] as const,
  users: ['users'] as const,
  userList: (filters: UserFilters) => ['users', 'list', filters] as const,
  plansAll: ['plans'] as const,
  plans: (filters: PlanFilters) => ['plans', 'list', filters] as const,
  plan: (id: number) => ['plans', 'one', id] as const,
  tasksAll: ['tasks'] as const,
  tasks: (filters: TaskFilters) => ['tasks', filters] as const,
  submissionsAll: ['submissions'] as const,
  submissions: (filters: SubmissionFilters) => ['submissions', 'list', filters] as const,
  submission: (id: number) => ['submissions', 'one', id] as const,
  documentSettings: (id: number) => ['submissions', 'document', id] as const,
  compilation: (id: number) => ['submissions', 'compilation', id] as const,
  documentRegister: (unitId: number, year: number | null, page: number, limit: number) =>
    ['org-units', 'document-register', unitId, year, page, limit] as const,
  reportingForms: ['reporting-forms'] as const,
  reportingForm: (id: number, period: string, unitId: number) => ['reporting-forms', id, period, unitId] as const,
  reportingFormList: (filters: object) => ['reporting-forms', 'list', filters] as const,
  aggregatesAll: ['aggregates'] as const,
  aggregates: (query: object) => ['aggregates', query] as const,
  successions: (id: number) => ['org-units', 'successions', id] as const,
  indicators: (filters: IndicatorFilters) => ['indicators', filters] as const,
  auditEventsAll: ['audit-events'] as const,
  auditEvents: (filters: AuditFilters) => ['audit-events', filters] as const,
};

export function useSession() {
  return useSyncExternalStore(api.session.subscribe, api.session.get);
}

export function useMe() {
  const session = useSession();
  return useQuery({
    queryKey: keys.me,
    queryFn: () => unwrap(client.GET('/api/v1/auth/me')),
    enabled: session !== null,
    staleTime: 5 * 60_000,
  });
}

/** The page size the API allows at most: a tree level is read in as few requests as possible. */
const MAX_LIMIT = 200;

/**
 * Every unit directly under `parentId` (the roots the caller may see when null), all pages; with
 * `asOf` (YYYY-MM-DD), the tree as it stood on that day.
 */
export async function fetchAllChildren(parentId: number | null, asOf?: string): Promise<OrgUnit[]> {
  const units: OrgUnit[] = [];
  for (let page = 1; ; page += 1) {
    const result = await unwrap(client.GET('/api/v1/org-units', {
      params: {
        query: { ...(parentId === null ? {} : { parent_id: parentId }), ...(asOf ? { as_of: asOf } : {}), page, limit: MAX_LIMIT },
      },
    }));
    units.push(...result.items);
    if (result.items.length === 0 || units.length >= result.pagination.total) return units;
  }
}

export function useRootUnits(asOf?: string) {
  return useQuery({
    queryKey: keys.allChildren(null, asOf),
    queryFn: () => fetchAllChildren(null, asOf),
    staleTime: 5 * 60_000,
  });
}

export function useOrgUnit(id: number, enabled = true) {
  return useQuery({
    queryKey: keys.orgUnit(id),
    queryFn: () => unwrap(client.GET('/api/v1/org-units/{unit_id}', { params: { path: { unit_id: id } } })),
    enabled,
  });
}

export function useAncestors(id: number | null) {
  return useQuery({
    queryKey: keys.ancestors(id ?? 0),
    queryFn: () => unwrap(client.GET('/api/v1/org-units/{unit_id}/ancestors', {
      params: { path: { unit_id: id ?? 0 } },
    })),
    enabled: id !== null,
    staleTime: 5 * 60_000,
  });
}

export function useChildren(id: number, page: number, limit: number, asOf?: string) {
  return useQuery({
    queryKey: keys.children(id, page, limit, asOf),
    queryFn: () => unwrap(client.GET('/api/v1/org-units/{unit_id}/children', {
      params: { path: { unit_id: id }, query: { page, limit, ...(asOf ? { as_of: asOf } : {}) } },
    })),
    placeholderData: keepPreviousData,
  });
}

export interface UnitFilters {
  q: string;
  kind: OrgUnit['kind'] | undefined;
  parent_id: number | undefined;
  as_of: string | undefined;
  page: number;
  limit: number;
}

/** Units for administration: filtered and paged by the server, as of a day (closed ones are in the past). */
export function useUnitList(filters: UnitFilters) {
  return useQuery({
    queryKey: [...keys.orgUnits, 'list', filters],
    queryFn: () => unwrap(client.GET('/api/v1/org-units', { params: { query: present({ ...filters }) } })),
    placeholderData: keepPreviousData,
  });
}

export function useUnitSearch(q: string, page: number, limit: number) {
  return useQuery({
    queryKey: keys.search(q, page, limit),
    queryFn: () => unwrap(client.GET('/api/v1/org-units', { params: { query: { q, page, limit } } })),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}

export interface UserFilters {
  q: string;
  role: Role | undefined;
  page: number;
  limit: number;
}

export function useUsers(filters: UserFilters) {
  return useQuery({
    queryKey: keys.userList(filters),
    queryFn: () => unwrap(client.GET('/api/v1/users', {
      params: {
        query: {
          ...(filters.q ? { q: filters.q } : {}),
          ...(filters.role ? { role: filters.role } : {}),
          page: filters.page,
          limit: filters.limit,
        },
      },
    })),
    placeholderData: keepPreviousData,
  });
}

/** A user change shows in the users list and, as an event, in the audit log. */
function invalidateUserChanges(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.users }),
    queryClient.invalidateQueries({ queryKey: keys.auditEventsAll }),
  ]);
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreate) => unwrap(client.POST('/api/v1/users', { body })),
    onSuccess: () => invalidateUserChanges(queryClient),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UserUpdate }) =>
      unwrap(client.PATCH('/api/v1/users/{user_id}', {
        params: { path: { user_id: id } },
        // `unlock: false` is the server's default; the generated type insists on it being present.
        body: { unlock: false, ...body },
      })),
    onSuccess: () => invalidateUserChanges(queryClient),
  });
}

export interface AuditFilters {
  entityType: string | undefined;
  page: number;
  limit: number;
}

export function useAuditEvents(filters: AuditFilters) {
  return useQuery({
    queryKey: keys.auditEvents(filters),
    queryFn: () => unwrap(client.GET('/api/v1/audit-events', {
      params: {
        query: {
          ...(filters.entityType ? { entity_type: filters.entityType } : {}),
          page: filters.page,
          limit: filters.limit,
        },
      },
    })),
    placeholderData: keepPreviousData,
  });
}

/** Drops the filters left empty, so the query string carries only what the user chose. */
export function present<T extends Record<string, unknown>>(filters: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  ) as Partial<T>;
}

export interface PlanFilters {
  q: string;
  status: PlanStatus | undefined;
  year: number | undefined;
  issuer_id?: number | undefined;
  page: number;
  limit: number;
}

export function usePlans(filters: PlanFilters) {
  return useQuery({
    queryKey: keys.plans(filters),
    queryFn: () => unwrap(client.GET('/api/v1/plans', { params: { query: present({ ...filters }) } })),
    placeholderData: keepPreviousData,
  });
}

export interface TaskFilters {
  overdue: boolean | undefined;
  dueWithinDays: number | undefined;
  /** Another unit's tasks (its page); without it, the caller's own. */
  assigneeId?: number | undefined;
  page: number;
  limit: number;
}

/** A page of the tasks that fall to the caller's unit (or to `assigneeId`). */
export function useTasks(filters: TaskFilters) {
  return useQuery({
    queryKey: keys.tasks(filters),
    queryFn: () => unwrap(client.GET('/api/v1/assignments', {
      params: {
        query: present({
          overdue: filters.overdue, due_within_days: filters.dueWithinDays, assignee_id: filters.assigneeId,
          page: filters.page, limit: filters.limit,
        }),
      },
    })),
    placeholderData: keepPreviousData,
  });
}

export interface SubmissionFilters {
  status: SubmissionStatus | undefined;
  period: string;
  form_id?: number | undefined;
  unit_id?: number | undefined;
  page: number;
  limit: number;
}

export function useSubmissions(filters: SubmissionFilters) {
  return useQuery({
    queryKey: keys.submissions(filters),
    queryFn: () => unwrap(client.GET('/api/v1/submissions', { params: { query: present({ ...filters }) } })),
    placeholderData: keepPreviousData,
  });
}

export interface IndicatorFilters {
  q: string;
  value_type: ValueType | undefined;
  page: number;
  limit: number;
}

export function useIndicators(filters: IndicatorFilters) {
  return useQuery({
    queryKey: keys.indicators(filters),
    queryFn: () => unwrap(client.GET('/api/v1/indicators', { params: { query: present({ ...filters }) } })),
    placeholderData: keepPreviousData,
  });
}

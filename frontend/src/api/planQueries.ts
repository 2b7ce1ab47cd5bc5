/** Plans: one plan with its tree, tasks, cascade and amendments; import, edit, issue, amend. */
import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { attachmentName } from '../lib/figuresImport';
import { unwrap } from './client';
import { client } from './index';
import { keys, present } from './queries';
import type { PlanFileImport, PlanImport, PlanUpdate, ProgressCreate, Section, SectionCreate, SectionMove, SectionUpdate, TaskState } from './types';

export function usePlan(id: number) {
  return useQuery({
    queryKey: keys.plan(id),
    queryFn: () => unwrap(client.GET('/api/v1/plans/{plan_id}', { params: { path: { plan_id: id } } })),
  });
}

export function usePlanSections(id: number) {
  return useQuery({
    queryKey: [...keys.plan(id), 'sections'],
    queryFn: () => unwrap(client.GET('/api/v1/plans/{plan_id}/sections', { params: { path: { plan_id: id } } })),
  });
}

export interface PlanTaskFilters {
  page: number;
  limit: number;
  section_id?: number | undefined;
  status?: TaskState | undefined;
}

/** A page of the plan's tasks, one row per carrying unit. */
export function usePlanTasks(id: number, filters: PlanTaskFilters) {
  return useQuery({
    queryKey: [...keys.plan(id), 'tasks', filters],
    queryFn: () => unwrap(client.GET('/api/v1/plans/{plan_id}/assignments', {
      params: { path: { plan_id: id }, query: present({ ...filters }) },
    })),
    placeholderData: keepPreviousData,
  });
}

/**
 * Every task of the plan the table filters to, as the CSV file the server streams (a national plan
 * has tens of thousands: more than pages fetched here would hold), fetched with the session's token.
 */
export async function fetchPlanTasksCsv(id: number, filters: Omit<PlanTaskFilters, 'page' | 'limit'>): Promise<{ blob: Blob; fileName: string }> {
  const call = client.GET('/api/v1/plans/{plan_id}/assignments/export', {
    params: { path: { plan_id: id }, query: present({ ...filters }) },
    parseAs: 'blob',
  });
  const blob = (await unwrap(call)) as Blob;
  const { response } = await call;
  return { blob, fileName: attachmentName(response.headers.get('Content-Disposition')) ?? `QCDC_nhiem_vu_ke_hoach_${id}.csv` };
}

export function usePlanCascade(id: number) {
  return useQuery({
    queryKey: [...keys.plan(id), 'cascade'],
    queryFn: () => unwrap(client.GET('/api/v1/plans/{plan_id}/cascade', { params: { path: { plan_id: id } } })),
  });
}

export function usePlanAmendments(id: number) {
  return useQuery({
    queryKey: [...keys.plan(id), 'amendments'],
    queryFn: () => unwrap(client.GET('/api/v1/plans/{plan_id}/amendments', { params: { path: { plan_id: id } } })),
  });
}

function invalidatePlans(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.plansAll }),
    queryClient.invalidateQueries({ queryKey: keys.tasksAll }),
  ]);
}

/** Both the preview (dry_run) and the save: the caller says which. */
export function useImportPlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PlanImport) => unwrap(client.POST('/api/v1/plans/import', { body })),
    onSuccess: (result) => (result.plan_id === null ? undefined : invalidatePlans(queryClient)),
  });
}

/** A plan file read on the server (always a dry run): the preview, with the text it was read as. */
export function usePreviewPlanFile() {
  return useMutation({
    mutationFn: ({ file, fields }: { file: File; fields: Omit<PlanFileImport, 'file' | 'dry_run' | 'mapping'> }) => {
      const form = new FormData();
      form.append('file', file);
      for (const [name, value] of Object.entries(fields)) {
        if (value !== null && value !== undefined) form.append(name, String(value));
      }
      // openapi-fetch types the body as the JSON one; this request is the multipart form built here
      // (the browser sets its boundary), so the typed body is a stand-in the serializer ignores.
      return unwrap(client.POST('/api/v1/plans/import', { body: { ...fields, text: '' }, bodySerializer: () => form }));
    },
  });
}

export function useUpdatePlan(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PlanUpdate) => unwrap(client.PATCH('/api/v1/plans/{plan_id}', { params: { path: { plan_id: id } }, body })),
    onSuccess: () => invalidatePlans(queryClient),
  });
}

export function useAmendPlan(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { reason: string; changes: PlanUpdate }) =>
      unwrap(client.POST('/api/v1/plans/{plan_id}/amendments', { params: { path: { plan_id: id } }, body })),
    onSuccess: () => invalidatePlans(queryClient),
  });
}

export function usePlanTransition(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: 'issue' | 'close') => unwrap(action === 'issue'
      ? client.POST('/api/v1/plans/{plan_id}/issue', { params: { path: { plan_id: id } } })
      : client.POST('/api/v1/plans/{plan_id}/close', { params: { path: { plan_id: id } } })),
    onSuccess: () => invalidatePlans(queryClient),
  });
}

/** A change to a plan's section tree; once the plan is issued it carries `amendment_reason`. */
export type SectionEdit =
  | { action: 'add'; body: SectionCreate }
  | { action: 'update'; sectionId: number; body: SectionUpdate }
  | { action: 'move'; sectionId: number; body: SectionMove }
  | { action: 'delete'; sectionId: number; reason: string | null };

/** Add, change, move or delete sections; every answer is the whole tree, shown at once. */
export function useEditSections(planId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (edit: SectionEdit): Promise<Section[]> => {
      const plan = { plan_id: planId };
      switch (edit.action) {
        case 'add':
          return unwrap(client.POST('/api/v1/plans/{plan_id}/sections', { params: { path: plan }, body: edit.body }));
        case 'update':
          return unwrap(client.PATCH('/api/v1/plans/{plan_id}/sections/{section_id}', {
            params: { path: { ...plan, section_id: edit.sectionId } },
            body: edit.body,
          }));
        case 'move':
          return unwrap(client.POST('/api/v1/plans/{plan_id}/sections/{section_id}/move', {
            params: { path: { ...plan, section_id: edit.sectionId } },
            body: edit.body,
          }));
        case 'delete':
          return unwrap(client.DELETE('/api/v1/plans/{plan_id}/sections/{section_id}', {
            params: { path: { ...plan, section_id: edit.sectionId }, query: edit.reason ? { amendment_reason: edit.reason } : {} },
          }));
      }
    },
    onSuccess: (tree) => {
      queryClient.setQueryData([...keys.plan(planId), 'sections'], tree);
      // The plan's revision, targets and tasks follow its sections.
      return invalidatePlans(queryClient);
    },
  });
}

export function useReportProgress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ assignmentId, body }: { assignmentId: number; body: ProgressCreate }) =>
      unwrap(client.POST('/api/v1/assignments/{assignment_id}/progress', {
        params: { path: { assignment_id: assignmentId } },
        body,
      })),
    onSuccess: () => invalidatePlans(queryClient),
  });
}

export function useUploadEvidence() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ assignmentId, progressId, file }: { assignmentId: number; progressId: number; file: File }) => {
      const form = new FormData();
      form.append('file', file);
      return unwrap(client.POST('/api/v1/assignments/{assignment_id}/progress/{progress_id}/files', {
        params: { path: { assignment_id: assignmentId, progress_id: progressId } },
        // The generated type says string; the request is multipart, built here rather than serialised.
        body: { file: '' },
        bodySerializer: () => form,
      }));
    },
    onSuccess: () => invalidatePlans(queryClient),
  });
}

/** An evidence file: fetched with the session's token (a plain link would carry none), then saved. */
export async function fetchEvidence(fileId: number): Promise<Blob> {
  return unwrap(client.GET('/api/v1/assignments/files/{file_id}', {
    params: { path: { file_id: fileId } },
    parseAs: 'blob',
  })) as Promise<Blob>;
}

/** Reporting forms, submissions and their workflow. */
import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from './client';
import { ApiProblem } from './problem';
import { client } from './index';
import { keys, present } from './queries';
import { attachmentName } from '../lib/figuresImport';
import type {
  DocumentFormat, DocumentSettings, DocumentSettingsUpdate, DataValueIn, ReportingFormCreate, ReportingFormUpdate, Submission,
} from './types';
import type { PeriodType } from '../lib/format';

export function useReportingForms() {
  return useQuery({
    queryKey: keys.reportingForms,
    queryFn: () => unwrap(client.GET('/api/v1/reporting-forms', { params: { query: { is_active: true, limit: 200 } } })),
    staleTime: 10 * 60_000,
  });
}

export interface ReportingFormFilters {
  q: string;
  period_type: PeriodType | undefined;
  is_active: boolean | undefined;
  page: number;
  limit: number;
}

/** The catalogue of forms, active or not, a page at a time (the forms page). */
export function useReportingFormList(filters: ReportingFormFilters) {
  return useQuery({
    queryKey: keys.reportingFormList(filters),
    queryFn: () => unwrap(client.GET('/api/v1/reporting-forms', { params: { query: present({ ...filters }) } })),
    placeholderData: keepPreviousData,
  });
}

/**
 * A changed form shows wherever forms are read: the forms page, the report openers' list of
 * active forms and the schedules (all under `reporting-forms`), and the audit log.
 */
function invalidateFormChanges(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.reportingForms }),
    queryClient.invalidateQueries({ queryKey: keys.auditEventsAll }),
  ]);
}

export function useCreateReportingForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReportingFormCreate) => unwrap(client.POST('/api/v1/reporting-forms', { body })),
    onSuccess: () => invalidateFormChanges(queryClient),
  });
}

export function useUpdateReportingForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: ReportingFormUpdate }) =>
      unwrap(client.PATCH('/api/v1/reporting-forms/{form_id}', { params: { path: { form_id: id } }, body })),
    onSuccess: () => invalidateFormChanges(queryClient),
  });
}

/** A form with its schedule for a unit and period: when it opens, the deadline. */
export function useReportingForm(id: number | undefined, period: string, unitId: number | undefined) {
  return useQuery({
    queryKey: keys.reportingForm(id ?? 0, period, unitId ?? 0),
    queryFn: () => unwrap(client.GET('/api/v1/reporting-forms/{form_id}', {
      params: { path: { form_id: id ?? 0 }, query: { period, unit_id: unitId ?? null } },
    })),
    enabled: id !== undefined && unitId !== undefined && period !== '',
    staleTime: 10 * 60_000,
  });
}

export function useSubmission(id: number | null) {
  return useQuery({
    queryKey: keys.submission(id ?? 0),
    queryFn: () => unwrap(client.GET('/api/v1/submissions/{submission_id}', { params: { path: { submission_id: id ?? 0 } } })),
    enabled: id !== null,
  });
}

/** The same unit's report of the same form for another period, if there is one. */
export function usePeerSubmission(of: Submission | undefined, period: string | null) {
  return useQuery({
    queryKey: [...keys.submissionsAll, 'peer', of?.unit.id, of?.form.id, period],
    queryFn: async () => {
      if (!of || !period) return null;
      const found = await unwrap(client.GET('/api/v1/submissions', {
        params: { query: { unit_id: of.unit.id, form_id: of.form.id, period, limit: 1 } },
      }));
      const summary = found.items[0];
      if (!summary) return null;
      return unwrap(client.GET('/api/v1/submissions/{submission_id}', { params: { path: { submission_id: summary.id } } }));
    },
    enabled: of !== undefined && period !== null,
  });
}

function settle(queryClient: QueryClient, submission: Submission) {
  queryClient.setQueryData(keys.submission(submission.id), submission);
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: [...keys.submissionsAll, 'list'] }),
    queryClient.invalidateQueries({ queryKey: keys.aggregatesAll }),
    // Approval numbers the document; a reopen takes the number back.
    queryClient.invalidateQueries({ queryKey: keys.documentSettings(submission.id) }),
  ]);
}

/** Opens the report of a unit, form and period: the existing one, or a new draft. */
export function useOpenReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ formId, unitId, period }: { formId: number; unitId: number; period: string }) => {
      const found = await unwrap(client.GET('/api/v1/submissions', {
        params: { query: { unit_id: unitId, form_id: formId, period, limit: 1 } },
      }));
      const existing = found.items[0];
      if (existing) return existing.id;
      const created = await unwrap(client.POST('/api/v1/submissions', { body: { form_id: formId, unit_id: unitId, period } }));
      await settle(queryClient, created);
      return created.id;
    },
  });
}

/**
 * What the last compile of a report gathered from the units below; null for a report that is not
 * compiled (the server's 404), so the page knows which kind of report it shows.
 */
export function useCompilation(id: number) {
  return useQuery({
    queryKey: keys.compilation(id),
    queryFn: async () => {
      try {
        return await unwrap(client.GET('/api/v1/submissions/{submission_id}/compilation', { params: { path: { submission_id: id } } }));
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 404) return null;
        throw error;
      }
    },
  });
}

/** Compiles a unit's report from below: creates the draft, or refreshes the material of an editable one. */
export function useCompile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { form_id: number; unit_id: number; period: string }) =>
      unwrap(client.POST('/api/v1/submissions/compile', { body })),
    onSuccess: async ({ submission, compilation }) => {
      queryClient.setQueryData(keys.compilation(submission.id), compilation);
      await settle(queryClient, submission);
    },
  });
}

export function useSaveSubmission(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { version: number; data_values: DataValueIn[]; narrative: Record<string, string> }) =>
      unwrap(client.PUT('/api/v1/submissions/{submission_id}', { params: { path: { submission_id: id } }, body })),
    onSuccess: (submission) => settle(queryClient, submission),
  });
}

export type SubmissionAction = 'submit' | 'approve' | 'reopen';

export function useSubmissionAction(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, version }: { action: SubmissionAction; version: number }) => {
      const params = { path: { submission_id: id } };
      const body = { version };
      switch (action) {
        case 'submit': return unwrap(client.POST('/api/v1/submissions/{submission_id}/submit', { params, body }));
        case 'approve': return unwrap(client.POST('/api/v1/submissions/{submission_id}/approve', { params, body }));
        case 'reopen': return unwrap(client.POST('/api/v1/submissions/{submission_id}/reopen', { params, body }));
      }
    },
    onSuccess: (submission) => settle(queryClient, submission),
  });
}

export function useReturnSubmission(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { comment: string; version: number }) =>
      unwrap(client.POST('/api/v1/submissions/{submission_id}/return', { params: { path: { submission_id: id } }, body })),
    onSuccess: (submission) => settle(queryClient, submission),
  });
}

/** Number, signer and recipients of a report's document. */
export function useDocumentSettings(id: number) {
  return useQuery({
    queryKey: keys.documentSettings(id),
    queryFn: () => unwrap(client.GET('/api/v1/submissions/{submission_id}/document-settings', {
      params: { path: { submission_id: id } },
    })),
  });
}

export function useUpdateDocumentSettings(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DocumentSettingsUpdate) => unwrap(client.PUT('/api/v1/submissions/{submission_id}/document-settings', {
      params: { path: { submission_id: id } },
      body,
    })),
    onSuccess: (settings) => queryClient.setQueryData(keys.documentSettings(id), settings),
  });
}

/** Công khai: publishes the approved report's PDF, or withdraws it. */
export function usePublication(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (publish: boolean) => unwrap(publish
      ? client.PUT('/api/v1/submissions/{submission_id}/publication', { params: { path: { submission_id: id } } })
      : client.DELETE('/api/v1/submissions/{submission_id}/publication', { params: { path: { submission_id: id } } })),
    onSuccess: (settings) => queryClient.setQueryData(keys.documentSettings(id), settings),
  });
}

/** Ký số: uploads the signed PDF of an approved report (verified by the server), or removes it. */
export function useSignedCopy(id: number) {
  const queryClient = useQueryClient();
  const path = { params: { path: { submission_id: id } } };
  const saved = (settings: DocumentSettings) => {
    queryClient.setQueryData(keys.documentSettings(id), settings);
    void queryClient.invalidateQueries({ queryKey: ['org-units', 'document-register'] });
  };
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return unwrap(client.PUT('/api/v1/submissions/{submission_id}/document/signed-copy', {
        ...path,
        // The generated type says string; the request is multipart, built here rather than serialised.
        body: { file: '' },
        bodySerializer: () => form,
      }));
    },
    onSuccess: saved,
  });
  const remove = useMutation({
    mutationFn: () => unwrap(client.DELETE('/api/v1/submissions/{submission_id}/document/signed-copy', path)),
    onSuccess: saved,
  });
  return { upload, remove };
}

/** The signed copy as uploaded, with the session's token. */
export async function fetchSignedCopy(id: number): Promise<{ blob: Blob; fileName: string }> {
  const call = client.GET('/api/v1/submissions/{submission_id}/document/signed-copy', {
    params: { path: { submission_id: id } },
    parseAs: 'blob',
  });
  const blob = (await unwrap(call)) as Blob;
  const { response } = await call;
  return { blob, fileName: attachmentName(response.headers.get('Content-Disposition')) ?? `bao-cao-${id}-ky-so.pdf` };
}

/** The numbers a unit gave its reports (sổ đăng ký văn bản), a page at a time. */
export function useDocumentRegister(unitId: number, year: number | null, page: number, limit: number) {
  return useQuery({
    queryKey: keys.documentRegister(unitId, year, page, limit),
    queryFn: () => unwrap(client.GET('/api/v1/org-units/{unit_id}/document-register', {
      params: { path: { unit_id: unitId }, query: { page, limit, ...(year === null ? {} : { year }) } },
    })),
    placeholderData: keepPreviousData,
  });
}

/** The document of a report, fetched with the session's token (a plain link would carry none). */
export async function fetchDocument(id: number, format: DocumentFormat): Promise<{ blob: Blob; fileName: string }> {
  const call = client.GET('/api/v1/submissions/{submission_id}/document', {
    params: { path: { submission_id: id }, query: { format } },
    parseAs: 'blob',
  });
  const blob = (await unwrap(call)) as Blob;
  const { response } = await call;
  return { blob, fileName: attachmentName(response.headers.get('Content-Disposition')) ?? `bao-cao-${id}.${format}` };
}

/** A reviewer notes that a flagged figure was checked, and what was found. */
export function useCheckOutlier(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ indicator, ...body }: { indicator: string; category: string | null; comment: string }) =>
      unwrap(client.POST('/api/v1/submissions/{submission_id}/outliers/{indicator}/check', {
        params: { path: { submission_id: id, indicator } }, body,
      })),
    onSuccess: (submission) => settle(queryClient, submission),
  });
}

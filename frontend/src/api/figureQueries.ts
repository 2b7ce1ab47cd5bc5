/** Figures in Excel: the template of a form, units and period, and the import of a filled file. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { attachmentName, XLSX, type ImportSummary } from '../lib/figuresImport';
import { unwrap } from './client';
import { client } from './index';
import { keys } from './queries';

export interface TemplateRequest {
  form: string;
  org_unit: string[];
  period: string;
}

/** The template, fetched with the session's token (a plain link would carry none), and its file name. */
export async function fetchTemplate(query: TemplateRequest): Promise<{ blob: Blob; fileName: string }> {
  const call = client.GET('/api/v1/data-values/template', { params: { query }, parseAs: 'blob' });
  const blob = (await unwrap(call)) as Blob;
  const { response } = await call;
  return { blob, fileName: attachmentName(response.headers.get('Content-Disposition')) ?? `${query.form}_${query.period}.xlsx` };
}

export interface WorkbookImport {
  file: File;
  dryRun: boolean;
  submit: boolean;
}

export function useImportWorkbook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, dryRun, submit }: WorkbookImport): Promise<ImportSummary> => unwrap(client.POST('/api/v1/data-values/import', {
      params: { query: { dry_run: dryRun, submit } },
      // The generated type says string; the body is the file itself, sent as it is.
      body: '',
      bodySerializer: () => file,
      headers: { 'Content-Type': XLSX },
    })),
    onSuccess: (summary) => (summary.dry_run ? undefined : Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.submissionsAll }),
      queryClient.invalidateQueries({ queryKey: keys.aggregatesAll }),
    ])),
  });
}

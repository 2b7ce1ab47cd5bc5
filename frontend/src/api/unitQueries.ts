/** Administration of the hierarchy: create, close, merge (a close with successors). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from './client';
import { client } from './index';
import { keys } from './queries';
import type { OrgUnitClose, OrgUnitCreate } from './types';

export function useSuccessions(id: number) {
  return useQuery({
    queryKey: keys.successions(id),
    queryFn: () => unwrap(client.GET('/api/v1/org-units/{unit_id}/successions', { params: { path: { unit_id: id } } })),
  });
}

export function useCreateUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OrgUnitCreate) => unwrap(client.POST('/api/v1/org-units', { body })),
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.orgUnits }),
      queryClient.invalidateQueries({ queryKey: keys.auditEventsAll }),
    ]),
  });
}

export function useCloseUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: OrgUnitClose }) =>
      unwrap(client.POST('/api/v1/org-units/{unit_id}/close', { params: { path: { unit_id: id } }, body })),
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.orgUnits }),
      queryClient.invalidateQueries({ queryKey: keys.auditEventsAll }),
    ]),
  });
}

export interface ReorganisationRequest {
  /** The batch as CSV, header line first. */
  csv: string;
  dryRun: boolean;
  atomic: boolean;
  /** The same key for the same batch: a retried "Áp dụng" is answered once, never applied twice. */
  idempotencyKey?: string | undefined;
}

export function useReorganise() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ csv, dryRun, atomic, idempotencyKey }: ReorganisationRequest) => unwrap(client.POST('/api/v1/org-units/reorganisations', {
      params: {
        query: { dry_run: dryRun, atomic },
        header: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
      },
      // The generated type is the JSON form; the CSV form is sent as the text it is.
      body: { events: [] },
      bodySerializer: () => csv,
      headers: { 'Content-Type': 'text/csv; charset=utf-8' },
    })),
    onSuccess: (summary) => (summary.dry_run ? undefined : Promise.all([
      // The tree, the successions, the tasks handed over and the figures on today's units all moved.
      queryClient.invalidateQueries({ queryKey: keys.orgUnits }),
      queryClient.invalidateQueries({ queryKey: keys.aggregatesAll }),
      queryClient.invalidateQueries({ queryKey: keys.tasksAll }),
      queryClient.invalidateQueries({ queryKey: keys.auditEventsAll }),
    ])),
  });
}

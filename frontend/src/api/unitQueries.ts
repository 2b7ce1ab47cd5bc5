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

/** The bell's notifications, the user's own mail setting, and the review queue's reminders. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from './client';
import { client } from './index';
import { keys } from './queries';
import type { OwnSettings } from './types';

const notificationKeys = {
  all: ['notifications'] as const,
  list: (unread: boolean) => ['notifications', unread] as const,
  missingAll: ['submissions', 'missing'] as const,
  missing: (formId: number, period: string, page: number) => ['submissions', 'missing', formId, period, page] as const,
};

/** The newest of the caller's notifications and the unread count; looked at again every minute. */
export function useNotifications(unread: boolean) {
  return useQuery({
    queryKey: notificationKeys.list(unread),
    queryFn: () => unwrap(client.GET('/api/v1/notifications', { params: { query: { unread, limit: 20 } } })),
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useReadNotification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(client.POST('/api/v1/notifications/{notification_id}/read', {
      params: { path: { notification_id: id } },
    })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useReadAllNotifications() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.POST('/api/v1/notifications/read-all')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useUpdateOwnSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OwnSettings) => unwrap(client.PATCH('/api/v1/auth/me', { body })),
    onSuccess: (me) => queryClient.setQueryData(keys.me, me),
  });
}

/** The units of the reviewer's line that have not submitted a form's report for a period. */
export function useMissingReports(formId: number | undefined, period: string | undefined, page: number) {
  return useQuery({
    queryKey: notificationKeys.missing(formId ?? 0, period ?? '', page),
    queryFn: () => unwrap(client.GET('/api/v1/submissions/missing', {
      params: { query: { form_id: formId ?? 0, period: period ?? '', page, limit: 20 } },
    })),
    enabled: formId !== undefined && period !== undefined,
    placeholderData: keepPreviousData,
  });
}

export function useRemind() {
  return useMutation({
    mutationFn: (body: { form_id: number; period: string; unit_ids: number[] }) =>
      unwrap(client.POST('/api/v1/submissions/reminders', { body })),
  });
}

/**
 * Machine callers: the caller's own API tokens, the API clients admins register for the
 * provincial portal, and the webhooks that tell it of events. Every change is audited, so it
 * refreshes the audit log as well as its own list.
 */
import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from './client';
import { client } from './index';
import { present, keys as sharedKeys } from './queries';
import type { ApiClientCreate, ApiClientUpdate, ApiTokenCreate, DeliveryStatus, WebhookCreate, WebhookUpdate } from './types';

export const integrationKeys = {
  apiTokens: ['api-tokens'] as const,
  apiClients: ['api-clients'] as const,
  webhooks: ['webhooks'] as const,
  deliveriesOf: (webhookId: number) => ['webhooks', 'deliveries', webhookId] as const,
  deliveries: (webhookId: number, filters: DeliveryFilters) => ['webhooks', 'deliveries', webhookId, filters] as const,
};

function invalidate(queryClient: QueryClient, key: readonly unknown[]) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: key }),
    queryClient.invalidateQueries({ queryKey: sharedKeys.auditEventsAll }),
  ]);
}

/** The caller's own tokens, newest first, revoked ones included (the API answers them all at once). */
export function useApiTokens() {
  return useQuery({
    queryKey: integrationKeys.apiTokens,
    queryFn: () => unwrap(client.GET('/api/v1/api-tokens')),
  });
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiTokenCreate) => unwrap(client.POST('/api/v1/api-tokens', { body })),
    onSuccess: () => invalidate(queryClient, integrationKeys.apiTokens),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(client.DELETE('/api/v1/api-tokens/{token_id}', { params: { path: { token_id: id } } })),
    onSuccess: () => invalidate(queryClient, integrationKeys.apiTokens),
  });
}

/** The API clients of the admin's subtree (all at once: a province has a handful). */
export function useApiClients(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: integrationKeys.apiClients,
    queryFn: () => unwrap(client.GET('/api/v1/api-clients')),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useCreateApiClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiClientCreate) => unwrap(client.POST('/api/v1/api-clients', { body })),
    onSuccess: () => Promise.all([
      invalidate(queryClient, integrationKeys.apiClients),
      // The client's service account is a user of its own.
      queryClient.invalidateQueries({ queryKey: sharedKeys.users }),
    ]),
  });
}

/** Enable, disable, change scopes or the rate limit, or rotate the secret (the answer then carries it). */
export function useUpdateApiClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: ApiClientUpdate }) =>
      unwrap(client.PATCH('/api/v1/api-clients/{client_id}', {
        params: { path: { client_id: id } },
        // `rotate_secret: false` is the server's default; the generated type insists on it being present.
        body: { rotate_secret: false, ...body },
      })),
    onSuccess: () => invalidate(queryClient, integrationKeys.apiClients),
  });
}

/** The webhooks of the admin's subtree (all at once). */
export function useWebhooks() {
  return useQuery({
    queryKey: integrationKeys.webhooks,
    queryFn: () => unwrap(client.GET('/api/v1/webhooks')),
    placeholderData: keepPreviousData,
  });
}

export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: WebhookCreate) => unwrap(client.POST('/api/v1/webhooks', { body })),
    onSuccess: () => invalidate(queryClient, integrationKeys.webhooks),
  });
}

/** Change the URL or the events, or pause and resume (`is_active`). */
export function useUpdateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: WebhookUpdate }) =>
      unwrap(client.PATCH('/api/v1/webhooks/{webhook_id}', {
        params: { path: { webhook_id: id } },
        // As for API clients: the generated type insists on the defaulted flag.
        body: { rotate_secret: false, ...body },
      })),
    onSuccess: () => invalidate(queryClient, integrationKeys.webhooks),
  });
}

/** Remove a subscription and its delivery log (pausing keeps both). */
export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(client.DELETE('/api/v1/webhooks/{webhook_id}', { params: { path: { webhook_id: id } } })),
    onSuccess: () => invalidate(queryClient, integrationKeys.webhooks),
  });
}

export interface DeliveryFilters {
  status: DeliveryStatus | undefined;
  page: number;
  limit: number;
}

/** A webhook's delivery log, newest first, paged by the server; null while no webhook is chosen. */
export function useWebhookDeliveries(webhookId: number | null, filters: DeliveryFilters) {
  return useQuery({
    queryKey: integrationKeys.deliveries(webhookId ?? 0, filters),
    queryFn: () => unwrap(client.GET('/api/v1/webhooks/{webhook_id}/deliveries', {
      params: { path: { webhook_id: webhookId ?? 0 }, query: present({ ...filters }) },
    })),
    enabled: webhookId !== null,
    placeholderData: keepPreviousData,
  });
}

/** Tries an undelivered delivery again now; answers it as that attempt left it. */
export function useRedeliver() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ webhookId, deliveryId }: { webhookId: number; deliveryId: number }) =>
      unwrap(client.POST('/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver', {
        params: { path: { webhook_id: webhookId, delivery_id: deliveryId } },
      })),
    onSuccess: (_, { webhookId }) => queryClient.invalidateQueries({ queryKey: integrationKeys.deliveriesOf(webhookId) }),
  });
}

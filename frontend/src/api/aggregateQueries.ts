/** Live aggregates: an indicator for a unit (or its children) and periods. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { unwrap } from './client';
import { client } from './index';
import { keys } from './queries';

export interface AggregateQuery {
  indicators: string[];
  periods: string[];
  /** Unit id; none: the top of the caller's scope. */
  unitId?: number | undefined;
  by?: 'children' | 'period' | 'category' | undefined;
  include?: 'approved' | 'submitted' | undefined;
  /** reported (the default): on the tree of each period; current: on the units of `asOf`. */
  basis?: 'reported' | 'current' | undefined;
  /** With basis current, the day whose units answer (YYYY-MM-DD); none: today. */
  asOf?: string | undefined;
}

export function useAggregates(query: AggregateQuery, enabled = true) {
  return useQuery({
    queryKey: keys.aggregates(query),
    queryFn: () => unwrap(client.GET('/api/v1/aggregates', {
      params: {
        query: {
          indicator: query.indicators,
          period: query.periods,
          ...(query.unitId === undefined ? {} : { org_unit: String(query.unitId) }),
          ...(query.by ? { by: query.by } : {}),
          ...(query.include ? { include: query.include } : {}),
          ...(query.basis === 'current' ? { basis: 'current' as const, ...(query.asOf ? { as_of: query.asOf } : {}) } : {}),
        },
      },
    })),
    enabled: enabled && query.indicators.length > 0 && query.periods.length > 0,
    placeholderData: keepPreviousData,
  });
}

/** The whole indicator catalogue (a few dozen), to name and format the codes aggregates return. */
export function useIndicatorCatalogue() {
  return useQuery({
    queryKey: ['indicators', 'catalogue'],
    queryFn: async () => {
      const page = await unwrap(client.GET('/api/v1/indicators', { params: { query: { limit: 200 } } }));
      return new Map(page.items.map((indicator) => [indicator.code, indicator]));
    },
    staleTime: 10 * 60_000,
  });
}

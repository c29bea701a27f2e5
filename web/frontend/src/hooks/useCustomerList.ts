import { useState } from 'react';
import type { CustomerSort } from '../api/types';
import { useApi } from './useApi';
import { useDebouncedValue } from './useDebouncedValue';
import { useResource } from './useResource';

interface Cursor {
  after?: string;
  before?: string;
}

/**
 * The customer list's state: search (debounced), tier filter, sort and the cursor page. The cursor belongs to one
 * combination of filters; when they change, the list starts again at the first page.
 */
export function useCustomerList() {
  const api = useApi();
  const [queryInput, setQueryInput] = useState('');
  const [tier, setTier] = useState('');
  const [sort, setSort] = useState<CustomerSort>('points_desc');
  const query = useDebouncedValue(queryInput.trim(), 300);
  const filterKey = JSON.stringify([query, tier, sort]);
  const [page, setPage] = useState<Cursor & { filterKey: string }>({ filterKey });
  const cursor: Cursor = page.filterKey === filterKey ? page : {};

  const list = useResource(
    (signal) => api.customers({ query, tier, sort, limit: 25, after: cursor.after, before: cursor.before }, signal),
    [filterKey, cursor.after, cursor.before],
  );
  // While another list loads (a new filter or sort), the shown page's cursors belong to the old one: no paging.
  const pageInfo = list.loading ? undefined : list.data?.pageInfo;

  return {
    queryInput,
    setQueryInput,
    tier,
    setTier,
    sort,
    setSort,
    list,
    /** True while the typed search has not reached the server yet, or a page loads. */
    busy: list.loading || query !== queryInput.trim(),
    next: pageInfo?.hasNextPage && pageInfo.endCursor ? () => setPage({ filterKey, after: pageInfo.endCursor ?? undefined }) : undefined,
    previous:
      pageInfo?.hasPreviousPage && pageInfo.startCursor ? () => setPage({ filterKey, before: pageInfo.startCursor ?? undefined }) : undefined,
  };
}

import { useState } from 'react';
import { useApi } from './useApi';
import { useResource } from './useResource';

/**
 * A customer's ledger, newest first, one cursor page at a time. The API pages forward only; the cursors of the
 * pages already seen are kept, so "previous" goes back through them.
 */
export function useLedger(customerId: string) {
  const api = useApi();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors[cursors.length - 1];
  const ledger = useResource((signal) => api.ledger(customerId, after, signal), [customerId, after]);
  const endCursor = ledger.data?.pageInfo.endCursor;

  return {
    ledger,
    next: ledger.data?.pageInfo.hasNextPage && endCursor ? () => setCursors((list) => [...list, endCursor]) : undefined,
    previous: cursors.length > 1 ? () => setCursors((list) => list.slice(0, -1)) : undefined,
    /** Back to the newest entries, loaded again (after an adjustment). */
    refresh() {
      if (cursors.length > 1) setCursors([undefined]);
      else ledger.reload();
    },
  };
}

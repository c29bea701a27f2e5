import { useApi } from './useApi';
import { useForwardPages } from './useForwardPages';

/** A customer's ledger, newest first, one cursor page at a time; `refresh` goes back to the newest entries (after an adjustment). */
export function useLedger(customerId: string) {
  const api = useApi();
  const { resource, next, previous, refresh } = useForwardPages((after, signal) => api.ledger(customerId, after, signal), [customerId]);
  return { ledger: resource, next, previous, refresh };
}

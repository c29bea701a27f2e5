import type { EmulatedDraftOrder, ShopRecord } from '../state.js';
import { draftOrderView, idFromGid } from './views.js';

/**
 * The `draftOrders(query:)` search, reduced to what an app asks: `tag:` (a whole tag, any case), `status:`
 * (open, invoice_sent, completed), `customer_id:`, `id:` and free text over name, email and note. Terms are ANDed;
 * values may be quoted. Listed by id, as the platform's default sort key `ID` does; the resolver pages the list.
 */
export function matchesDraftOrderQuery(record: ShopRecord, draft: EmulatedDraftOrder, query: unknown): boolean {
  if (typeof query !== 'string' || query.trim() === '') return true;
  const terms = query.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
  const tags = record.tags.get(draft.id) ?? draft.tags;
  return terms.every((term) => {
    const at = term.indexOf(':');
    const key = at > 0 ? term.slice(0, at).toLowerCase() : null;
    const value = (key === null ? term : term.slice(at + 1)).replace(/"/g, '').toLowerCase();
    if (key === 'tag') return tags.some((tag) => tag.toLowerCase() === value);
    if (key === 'status') return draft.status.toLowerCase() === value;
    if (key === 'customer_id') return draft.customerId !== null && idFromGid(draft.customerId, 'Customer') === value;
    if (key === 'id') return idFromGid(draft.id, 'DraftOrder') === value;
    return `${draft.name} ${draft.email ?? ''} ${draft.note ?? ''}`.toLowerCase().includes(value);
  });
}

/** Drafts of the shop matching `query`, oldest first (ids grow with creation). */
export function searchDraftOrders(record: ShopRecord, query: unknown): Record<string, unknown>[] {
  return [...record.draftOrders.values()]
    .filter((draft) => matchesDraftOrderQuery(record, draft, query))
    .sort((a, b) => Number(idFromGid(a.id, 'DraftOrder')) - Number(idFromGid(b.id, 'DraftOrder')))
    .map((draft) => draftOrderView(record, draft));
}

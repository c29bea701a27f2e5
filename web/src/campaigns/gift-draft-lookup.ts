import type { AdminClient } from '../shopify/admin-client.js';
import { DRAFT_ORDERS_SEARCH, type DraftOrderNode, type TaggedDraftOrderNode } from '../shopify/operations/draft-orders.js';
import { giftDraftMarker, giftDraftQuery } from './draft-order-input.js';

/**
 * How many drafts the search asks for. One recipient has one draft, unless two attempts raced (a worker whose lease
 * lapsed while it was still alive); a few more than one lets `pickGiftDraft` see a completed one among them.
 */
const SEARCH_SIZE = 5;

/**
 * Of the drafts a search returned, the recipient's: only those that really carry the marker (the platform's search
 * is a text index, not an exact filter), and among them one that already became an order, so that a second open
 * draft is never completed when the gift was already ordered; else the oldest (the platform lists by id).
 */
export function pickGiftDraft(found: readonly TaggedDraftOrderNode[], marker: string): DraftOrderNode | null {
  const wanted = marker.toLowerCase();
  const marked = found.filter((draft) => draft.tags.some((tag) => tag.toLowerCase() === wanted));
  const chosen = marked.find((draft) => draft.order !== null) ?? marked[0];
  if (!chosen) return null;
  return { id: chosen.id, status: chosen.status, order: chosen.order };
}

/** The draft a previous attempt created for this recipient (open or completed), or null when there is none. */
export async function findGiftDraft(admin: AdminClient, shopDomain: string, recipientId: number): Promise<DraftOrderNode | null> {
  const result = await admin.request(shopDomain, DRAFT_ORDERS_SEARCH, { query: giftDraftQuery(recipientId), first: SEARCH_SIZE });
  return pickGiftDraft(result.draftOrders.nodes, giftDraftMarker(recipientId));
}

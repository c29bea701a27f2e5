import { describe, expect, it } from 'vitest';
import type { TaggedDraftOrderNode } from '../shopify/operations/draft-orders.js';
import { pickGiftDraft } from './gift-draft-lookup.js';

const MARKER = 'loyale-gift-7';

const draft = (id: number, tags: string[], orderId?: number): TaggedDraftOrderNode => ({
  id: `gid://shopify/DraftOrder/${id}`,
  status: orderId ? 'COMPLETED' : 'OPEN',
  order: orderId ? { id: `gid://shopify/Order/${orderId}`, name: `#${orderId}` } : null,
  tags,
});

describe('the recipient’s draft among those a search found', () => {
  it('none found: none (a draft is then created)', () => {
    expect(pickGiftDraft([], MARKER)).toBeNull();
  });

  it('takes only a draft that carries the marker itself, in any case', () => {
    expect(pickGiftDraft([draft(1, ['loyale', 'loyale-gift-70']), draft(2, ['loyale-gift-7-x'])], MARKER)).toBeNull();
    expect(pickGiftDraft([draft(1, ['loyale-gift-70']), draft(2, ['Loyale-Gift-7'])], MARKER)?.id).toBe('gid://shopify/DraftOrder/2');
  });

  it('an open draft is adopted as it is (the caller completes it)', () => {
    expect(pickGiftDraft([draft(3, ['loyale', MARKER])], MARKER)).toEqual({ id: 'gid://shopify/DraftOrder/3', status: 'OPEN', order: null });
  });

  it('a completed one comes with its order (nothing to complete)', () => {
    expect(pickGiftDraft([draft(3, [MARKER], 900)], MARKER)).toEqual({
      id: 'gid://shopify/DraftOrder/3',
      status: 'COMPLETED',
      order: { id: 'gid://shopify/Order/900', name: '#900' },
    });
  });

  it('of two marked drafts, the one already ordered wins over an older open one; else the oldest', () => {
    expect(pickGiftDraft([draft(3, [MARKER]), draft(4, [MARKER], 900)], MARKER)?.id).toBe('gid://shopify/DraftOrder/4');
    expect(pickGiftDraft([draft(3, [MARKER]), draft(4, [MARKER])], MARKER)?.id).toBe('gid://shopify/DraftOrder/3');
  });
});

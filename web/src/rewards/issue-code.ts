import type { AdminClient } from '../shopify/admin-client.js';
import {
  CODE_DISCOUNT_NODE_BY_CODE,
  DISCOUNT_CODE_BASIC_CREATE,
  DISCOUNT_CODE_FREE_SHIPPING_CREATE,
} from '../shopify/operations/discounts.js';
import type { DiscountMutation } from './discount-input.js';

/** Step 2 of the saga: creates the code on the platform; resolves with the discount's GID. */
export async function issueDiscountCode(admin: AdminClient, shop: string, mutation: DiscountMutation): Promise<string> {
  const node =
    mutation.operation === 'discountCodeFreeShippingCreate'
      ? (await admin.request(shop, DISCOUNT_CODE_FREE_SHIPPING_CREATE, { input: mutation.input }))
          .discountCodeFreeShippingCreate.codeDiscountNode
      : (await admin.request(shop, DISCOUNT_CODE_BASIC_CREATE, { input: mutation.input })).discountCodeBasicCreate
          .codeDiscountNode;
  if (!node) throw new Error(`${mutation.operation} returned no discount and no userErrors`);
  return node.id;
}

/** The GID of the discount that holds `code`, or null when the platform has no such code. */
export async function findDiscountByCode(admin: AdminClient, shop: string, code: string): Promise<string | null> {
  const data = await admin.request(shop, CODE_DISCOUNT_NODE_BY_CODE, { code });
  return data.codeDiscountNodeByCode?.id ?? null;
}

import { METAFIELD_DEFINITION_CREATE, METAFIELDS_SET, TAGS_ADD, TAGS_REMOVE, TAGS_REPLACE } from './customers.js';
import {
  CODE_DISCOUNT_NODE_BY_CODE,
  DISCOUNT_CODE_BASIC_CREATE,
  DISCOUNT_CODE_DELETE,
  DISCOUNT_CODE_FREE_SHIPPING_CREATE,
  DISCOUNT_NODE,
} from './discounts.js';
import { DRAFT_ORDER_COMPLETE, DRAFT_ORDER_CREATE, DRAFT_ORDER_STATE, DRAFT_ORDERS_SEARCH } from './draft-orders.js';
import type { Operation } from './operation.js';
import { PRODUCT_VARIANT, PRODUCT_VARIANT_PRICE, PRODUCT_VARIANT_PRODUCTS, PRODUCT_VARIANTS_SEARCH } from './products.js';
import { SHOP_DETAILS } from './shop.js';

export * from './customers.js';
export * from './discounts.js';
export * from './draft-orders.js';
export * from './operation.js';
export * from './products.js';
export * from './shop.js';

/** Every operation the app sends; `operations.test.ts` validates each against the Admin schema. */
export const ALL_OPERATIONS: readonly Operation<unknown, unknown>[] = [
  SHOP_DETAILS,
  DISCOUNT_CODE_BASIC_CREATE,
  DISCOUNT_CODE_FREE_SHIPPING_CREATE,
  CODE_DISCOUNT_NODE_BY_CODE,
  DISCOUNT_NODE,
  DISCOUNT_CODE_DELETE,
  PRODUCT_VARIANT,
  PRODUCT_VARIANT_PRICE,
  PRODUCT_VARIANTS_SEARCH,
  PRODUCT_VARIANT_PRODUCTS,
  DRAFT_ORDER_CREATE,
  DRAFT_ORDER_COMPLETE,
  DRAFT_ORDER_STATE,
  DRAFT_ORDERS_SEARCH,
  TAGS_ADD,
  TAGS_REMOVE,
  TAGS_REPLACE,
  METAFIELDS_SET,
  METAFIELD_DEFINITION_CREATE,
];

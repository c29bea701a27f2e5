import {
  CODE_DISCOUNT_NODE_BY_CODE,
  DISCOUNT_CODE_BASIC_CREATE,
  DISCOUNT_CODE_FREE_SHIPPING_CREATE,
} from './discounts.js';
import type { Operation } from './operation.js';
import { SHOP_DETAILS } from './shop.js';

export * from './discounts.js';
export * from './operation.js';
export * from './shop.js';

/** Every operation the app sends; `operations.test.ts` validates each against the Admin schema. */
export const ALL_OPERATIONS: readonly Operation<unknown, unknown>[] = [
  SHOP_DETAILS,
  DISCOUNT_CODE_BASIC_CREATE,
  DISCOUNT_CODE_FREE_SHIPPING_CREATE,
  CODE_DISCOUNT_NODE_BY_CODE,
];

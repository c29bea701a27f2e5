import { Decimal } from 'decimal.js';
import type { RewardRecord } from '../program/repository.js';
import type {
  DiscountCodeBasicInput,
  DiscountCodeFreeShippingInput,
  DiscountCombinesWithInput,
} from '../shopify/operations/discounts.js';
import { customerGid } from '../shopify/shop-domain.js';

export type DiscountMutation =
  | { operation: 'discountCodeFreeShippingCreate'; input: DiscountCodeFreeShippingInput }
  | { operation: 'discountCodeBasicCreate'; input: DiscountCodeBasicInput };

export interface DiscountCodeRequest {
  code: string;
  customerId: string;
  startsAt: Date;
  endsAt: Date;
}

/** A shipping reward stacks with order and product discounts; an order reward stacks with shipping ones only. */
const SHIPPING_COMBINES: DiscountCombinesWithInput = { orderDiscounts: true, productDiscounts: true, shippingDiscounts: false };
const ORDER_COMBINES: DiscountCombinesWithInput = { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true };

/**
 * The Admin API mutation that issues `reward` as a code (CONTRACT.md, "Rewards"): single use (`usageLimit: 1`,
 * once per customer), limited to the customer through `context.customers`, valid from `startsAt` to `endsAt`.
 * Null when the reward cannot be issued as configured (no value, or a free product without its variant).
 */
export function discountMutationFor(reward: RewardRecord, request: DiscountCodeRequest): DiscountMutation | null {
  const common = {
    title: `Loyale: ${reward.name} (${request.code})`,
    code: request.code,
    startsAt: request.startsAt.toISOString(),
    endsAt: request.endsAt.toISOString(),
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: { customers: { add: [customerGid(request.customerId)] } },
    ...(reward.minimumSubtotal !== null && {
      minimumRequirement: {
        subtotal: { greaterThanOrEqualToSubtotal: new Decimal(reward.minimumSubtotal).toFixed(2) },
      },
    }),
  };
  switch (reward.kind) {
    case 'free_shipping':
      return {
        operation: 'discountCodeFreeShippingCreate',
        input: { ...common, combinesWith: SHIPPING_COMBINES, destination: { all: true } },
      };
    case 'percentage_off': {
      if (reward.value === null) return null;
      const percentage = new Decimal(reward.value);
      if (percentage.lte(0) || percentage.gt(1)) return null;
      return {
        operation: 'discountCodeBasicCreate',
        input: {
          ...common,
          combinesWith: ORDER_COMBINES,
          customerGets: { value: { percentage: percentage.toNumber() }, items: { all: true } },
        },
      };
    }
    case 'amount_off': {
      if (reward.value === null || new Decimal(reward.value).lte(0)) return null;
      return {
        operation: 'discountCodeBasicCreate',
        input: {
          ...common,
          combinesWith: ORDER_COMBINES,
          customerGets: {
            value: { discountAmount: { amount: new Decimal(reward.value).toFixed(2), appliesOnEachItem: false } },
            items: { all: true },
          },
        },
      };
    }
    case 'free_product': {
      if (!reward.productVariantId) return null;
      return {
        operation: 'discountCodeBasicCreate',
        input: {
          ...common,
          combinesWith: ORDER_COMBINES,
          customerGets: { value: { percentage: 1 }, items: { products: { productVariantsToAdd: [reward.productVariantId] } } },
        },
      };
    }
  }
}

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
  /**
   * free_product only: one unit's price of the reward's variant, a decimal in the shop's currency, as the platform
   * states it when the code is issued (`ProductVariant.price`). Without it a free product cannot be issued.
   */
  unitPrice?: string | null;
}

/**
 * The fixed amount a free-product code takes off: one unit's price, positive, with at least two decimals as the
 * other amounts are written and never rounded (a three-decimal currency keeps its third). Null for a missing,
 * malformed, zero or negative price: such a code would be refused or, worse, give nothing. Pure.
 */
export function unitPriceAmount(price: string | null | undefined): string | null {
  if (typeof price !== 'string' || !/^\d+(\.\d+)?$/.test(price.trim())) return null;
  const amount = new Decimal(price.trim());
  if (amount.lte(0)) return null;
  return amount.decimalPlaces() <= 2 ? amount.toFixed(2) : amount.toFixed();
}

/**
 * `combinesWith` of a code that combines: true for the discount classes other than its own, the stacking a merchant
 * expects (a free-shipping code on top of a sale, 10 % off on an order that also ships free). Never with its own
 * class, so a shopper cannot stack two reward codes of a kind. A code that does not combine: all false.
 */
const COMBINES_WITH_OTHER_CLASSES: Record<'shipping' | 'order' | 'product', DiscountCombinesWithInput> = {
  shipping: { orderDiscounts: true, productDiscounts: true, shippingDiscounts: false },
  order: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
  product: { orderDiscounts: true, productDiscounts: false, shippingDiscounts: true },
};
const COMBINES_WITH_NOTHING: DiscountCombinesWithInput = { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false };

/** The platform's discount class of each kind: free shipping, off the whole order, off one product. */
const DISCOUNT_CLASS = {
  free_shipping: 'shipping',
  percentage_off: 'order',
  amount_off: 'order',
  free_product: 'product',
} as const satisfies Record<RewardRecord['kind'], keyof typeof COMBINES_WITH_OTHER_CLASSES>;

export function combinesWithFor(reward: Pick<RewardRecord, 'kind' | 'combinesWithOtherDiscounts'>): DiscountCombinesWithInput {
  return reward.combinesWithOtherDiscounts ? COMBINES_WITH_OTHER_CLASSES[DISCOUNT_CLASS[reward.kind]] : COMBINES_WITH_NOTHING;
}

/**
 * The Admin API mutation that issues `reward` as a code (CONTRACT.md, "Rewards"): single use (`usageLimit: 1`,
 * once per customer), limited to the customer through `context.customers`, valid from `startsAt` to `endsAt`,
 * combining with other discounts as the reward says, with the reward's minimum subtotal when it has one.
 * Null when the reward cannot be issued as configured (no value, or a free product without its variant) or, for a
 * free product, without a usable `request.unitPrice`.
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
    combinesWith: combinesWithFor(reward),
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
        input: { ...common, destination: { all: true } },
      };
    case 'percentage_off': {
      if (reward.value === null) return null;
      const percentage = new Decimal(reward.value);
      if (percentage.lte(0) || percentage.gt(1)) return null;
      return {
        operation: 'discountCodeBasicCreate',
        input: {
          ...common,
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
          customerGets: {
            value: { discountAmount: { amount: new Decimal(reward.value).toFixed(2), appliesOnEachItem: false } },
            items: { all: true },
          },
        },
      };
    }
    case 'free_product': {
      const amount = unitPriceAmount(request.unitPrice);
      if (!reward.productVariantId || amount === null) return null;
      // One unit's price off that variant, not 100 %: a percentage takes every unit of the variant in the order, so
      // ten mugs in the cart would all be free. A fixed amount split across the entitled lines
      // (`appliesOnEachItem: false`) is capped by the platform at those lines' total, so one unit is fully free and
      // further units cost their price. Amount-off discounts have no per-item quantity cap (only buy X get Y ones
      // do); single use, once per customer and bound to the customer keeps it to one order.
      return {
        operation: 'discountCodeBasicCreate',
        input: {
          ...common,
          customerGets: {
            value: { discountAmount: { amount, appliesOnEachItem: false } },
            items: { products: { productVariantsToAdd: [reward.productVariantId] } },
          },
        },
      };
    }
  }
}

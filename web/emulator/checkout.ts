import { Decimal } from 'decimal.js';
import { demoProductByGid, shopCatalog } from './admin-graphql/products.js';
import type { EmulatedDiscount, ShopRecord } from './state.js';

/** A cart line: one of the shop's variants (GID) and how many. */
export interface CartLineInput {
  variantId: string;
  quantity: number;
}

/** What a cart costs with a code, in the shop's currency (decimal strings, two places). */
export interface CartPrice {
  /** The lines at the shop's current prices. */
  subtotal: string;
  /** What the code takes off the lines; "0.00" when it does not apply (shipping codes, subtotal below its minimum). */
  discount: string;
  total: string;
}

interface PricedLine {
  variantId: string;
  unitPrice: Decimal;
  quantity: number;
}

type DiscountInput = EmulatedDiscount['input'];

/** The lines a basic discount is for: all, or those of its `productVariantsToAdd`. */
function entitledLines(input: DiscountInput, lines: PricedLine[]): PricedLine[] {
  const items = (input.customerGets as { items?: { all?: boolean; products?: { productVariantsToAdd?: string[] } } } | undefined)?.items;
  if (items?.products) {
    const variants = new Set(items.products.productVariantsToAdd ?? []);
    return lines.filter((line) => variants.has(line.variantId));
  }
  return items?.all ? lines : [];
}

/**
 * What a basic code discount takes off the lines, as the platform's checkout computes it: a percentage of the entitled
 * lines' total; a fixed amount split across them (`appliesOnEachItem: false`) or taken off each unit (`true`), never
 * more than what they cost. Nothing below the minimum subtotal. Eligibility (customer, usage, dates) is not checked.
 * Pure.
 */
export function codeDiscountOnLines(discount: Pick<EmulatedDiscount, 'mutation' | 'input'>, lines: PricedLine[]): Decimal {
  if (discount.mutation !== 'discountCodeBasicCreate') return new Decimal(0);
  const { input } = discount;
  const subtotal = lines.reduce((sum, line) => sum.plus(line.unitPrice.times(line.quantity)), new Decimal(0));
  const minimum = (input.minimumRequirement as { subtotal?: { greaterThanOrEqualToSubtotal?: unknown } } | undefined)?.subtotal;
  if (minimum && subtotal.lt(new Decimal(String(minimum.greaterThanOrEqualToSubtotal)))) return new Decimal(0);

  const entitled = entitledLines(input, lines);
  const entitledTotal = entitled.reduce((sum, line) => sum.plus(line.unitPrice.times(line.quantity)), new Decimal(0));
  const value = (input.customerGets as { value?: Record<string, unknown> } | undefined)?.value ?? {};
  if (typeof value.percentage === 'number') {
    return entitledTotal.times(value.percentage).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  }
  const amount = value.discountAmount as { amount?: unknown; appliesOnEachItem?: boolean } | undefined;
  if (amount?.amount === undefined) return new Decimal(0);
  const off = new Decimal(String(amount.amount));
  if (amount.appliesOnEachItem) {
    return entitled.reduce((sum, line) => sum.plus(Decimal.min(off, line.unitPrice).times(line.quantity)), new Decimal(0));
  }
  return Decimal.min(off, entitledTotal);
}

/**
 * Prices a cart of the shop's variants (at its current prices) with one of its codes, as checkout would. Throws for
 * an unknown code or a variant the shop does not sell.
 */
export function priceCart(record: ShopRecord, code: string, lines: CartLineInput[]): CartPrice {
  const discount = record.discounts.find((d) => d.code.toLowerCase() === code.trim().toLowerCase());
  if (!discount) throw new Error(`no discount code ${code} in ${record.shop.domain}`);
  const catalog = shopCatalog(record);
  const priced = lines.map((line) => {
    const found = demoProductByGid(line.variantId, catalog);
    if (found?.kind !== 'variant') throw new Error(`${record.shop.domain} sells no variant ${line.variantId}`);
    return { variantId: line.variantId, unitPrice: new Decimal(found.product.price), quantity: line.quantity };
  });
  const subtotal = priced.reduce((sum, line) => sum.plus(line.unitPrice.times(line.quantity)), new Decimal(0));
  const off = codeDiscountOnLines(discount, priced);
  return { subtotal: subtotal.toFixed(2), discount: off.toFixed(2), total: subtotal.minus(off).toFixed(2) };
}

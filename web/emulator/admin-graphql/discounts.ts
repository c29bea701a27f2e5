import { Decimal } from 'decimal.js';
import type { EmulatorContext } from '../context.js';
import type { EmulatedDiscount, ShopRecord } from '../state.js';
import { discountNodeView, gidOf } from './views.js';

export type DiscountMutationName = EmulatedDiscount['mutation'];

/** The argument that carries each mutation's input, as the schema names it. */
export const DISCOUNT_INPUT_ARGUMENT: Record<DiscountMutationName, string> = {
  discountCodeBasicCreate: 'basicCodeDiscount',
  discountCodeFreeShippingCreate: 'freeShippingCodeDiscount',
};

interface DiscountUserError {
  field: string[];
  message: string;
  code: string;
  extraInfo: null;
}

const MAX_CODE_LENGTH = 255;

function userError(field: string[], message: string, code: string): DiscountUserError {
  return { field, message, code, extraInfo: null };
}

function blank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim().length === 0;
}

/** What the platform checks before it creates a code discount (the subset that matters to the app). */
function validateInput(record: ShopRecord, mutation: DiscountMutationName, input: Record<string, unknown>): DiscountUserError[] {
  const arg = DISCOUNT_INPUT_ARGUMENT[mutation];
  const errors: DiscountUserError[] = [];
  if (blank(input.title)) errors.push(userError([arg, 'title'], "Title can't be blank", 'BLANK'));
  if (blank(input.code)) errors.push(userError([arg, 'code'], "Code can't be blank", 'BLANK'));
  else if (String(input.code).length > MAX_CODE_LENGTH) {
    errors.push(userError([arg, 'code'], `Code is too long (maximum is ${MAX_CODE_LENGTH} characters)`, 'TOO_LONG'));
  }
  const startsAt = typeof input.startsAt === 'string' ? Date.parse(input.startsAt) : NaN;
  if (input.startsAt === undefined || input.startsAt === null) errors.push(userError([arg, 'startsAt'], "Starts at can't be blank", 'BLANK'));
  else if (Number.isNaN(startsAt)) errors.push(userError([arg, 'startsAt'], 'Starts at is invalid', 'INVALID'));
  if (typeof input.endsAt === 'string') {
    const endsAt = Date.parse(input.endsAt);
    if (Number.isNaN(endsAt)) errors.push(userError([arg, 'endsAt'], 'Ends at is invalid', 'INVALID'));
    else if (!Number.isNaN(startsAt) && endsAt <= startsAt) {
      errors.push(userError([arg, 'endsAt'], 'Ends at needs to be after starts_at', 'END_DATE_BEFORE_START_DATE'));
    }
  }
  if (typeof input.usageLimit === 'number' && input.usageLimit < 1) {
    errors.push(userError([arg, 'usageLimit'], 'Usage limit must be greater than 0', 'GREATER_THAN'));
  }
  if (mutation === 'discountCodeBasicCreate') {
    const gets = input.customerGets as { value?: Record<string, unknown>; items?: unknown } | undefined;
    const value = gets?.value;
    const kinds = value ? (['percentage', 'discountAmount', 'discountOnQuantity'] as const).filter((k) => value[k] !== undefined && value[k] !== null) : [];
    if (!value || kinds.length === 0) errors.push(userError([arg, 'customerGets', 'value'], "Value can't be blank", 'BLANK'));
    else if (kinds.length > 1) {
      errors.push(userError([arg, 'customerGets', 'value'], 'Only one of percentage, discountAmount or discountOnQuantity can be set', 'TOO_MANY_ARGUMENTS'));
    } else if (value.percentage !== undefined && value.percentage !== null) {
      const percentage = value.percentage;
      if (typeof percentage !== 'number' || percentage <= 0 || percentage > 1) {
        errors.push(userError([arg, 'customerGets', 'value', 'percentage'], 'Value must be between 0.0 and 1.0', 'VALUE_OUTSIDE_RANGE'));
      }
    } else if (value.discountAmount !== undefined && value.discountAmount !== null) {
      // Decimal is a string (or a number) on the wire; the platform takes only a positive amount.
      const amount = (value.discountAmount as { amount?: unknown }).amount;
      const text = typeof amount === 'number' ? String(amount) : typeof amount === 'string' ? amount.trim() : '';
      if (!/^\d+(\.\d+)?$/.test(text) || new Decimal(text).lte(0)) {
        errors.push(userError([arg, 'customerGets', 'value', 'discountAmount', 'amount'], 'Value must be greater than 0', 'GREATER_THAN'));
      }
    }
    if (!gets?.items) errors.push(userError([arg, 'customerGets', 'items'], "Items can't be blank", 'BLANK'));
  }
  if (errors.length === 0) {
    const code = String(input.code).trim().toLowerCase();
    if (record.discounts.some((d) => d.code.toLowerCase() === code)) {
      errors.push(userError([arg, 'code'], 'Code must be unique. Please try a different code.', 'TAKEN'));
    }
  }
  return errors;
}

/**
 * `discountCodeBasicCreate` / `discountCodeFreeShippingCreate`: validates like the platform (blank fields, dates,
 * a code already taken in the shop), honours `faults.refuseNextDiscounts`, stores the discount and answers with
 * the created node.
 */
export function createCodeDiscount(
  ctx: EmulatorContext,
  record: ShopRecord,
  mutation: DiscountMutationName,
  input: Record<string, unknown>,
  variables: unknown,
): Record<string, unknown> {
  const arg = DISCOUNT_INPUT_ARGUMENT[mutation];
  const refusal = ctx.faults.refuseDiscounts;
  if (refusal.remaining > 0) {
    refusal.remaining -= 1;
    const message = refusal.message ?? 'Code is invalid';
    return { codeDiscountNode: null, userErrors: [userError([arg, 'code'], message, 'INVALID')] };
  }
  const errors = validateInput(record, mutation, input);
  if (errors.length > 0) return { codeDiscountNode: null, userErrors: errors };

  const discount: EmulatedDiscount = {
    id: gidOf('DiscountCodeNode', ctx.state.nextId()),
    shop: record.shop.domain,
    mutation,
    code: String(input.code).trim(),
    title: String(input.title),
    // Plain copies: graphql-js hands coerced inputs over as null-prototype objects.
    input: JSON.parse(JSON.stringify(input)) as Record<string, unknown>,
    variables: variables === undefined ? undefined : (JSON.parse(JSON.stringify(variables)) as unknown),
    createdAt: new Date().toISOString(),
  };
  record.discounts.push(discount);
  ctx.log.info({ shop: record.shop.domain, mutation, discount: discount.id }, 'code discount created');
  return { codeDiscountNode: discountNodeView(record, discount), userErrors: [] };
}

import type { RewardRecord } from '../program/repository.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { AdminApiUnexpectedAnswerError, AdminApiUserError } from '../shopify/admin-errors.js';
import {
  DISCOUNT_NODE,
  CODE_DISCOUNT_NODE_BY_CODE,
  DISCOUNT_CODE_DELETE,
  DISCOUNT_CODE_BASIC_CREATE,
  DISCOUNT_CODE_FREE_SHIPPING_CREATE,
} from '../shopify/operations/discounts.js';
import { discountMutationFor, unitPriceAmount, type DiscountCodeRequest, type DiscountMutation } from './discount-input.js';
import type { IssueBlocker } from './issuable.js';
import { findVariantPrice, PRODUCT_VARIANT_GID } from './products.js';

/**
 * The reward cannot be given as a code right now although it is configured (a free product whose variant the shop
 * deleted, or that has no price). Nothing was created on the platform, and retrying will not help until the merchant
 * fixes the reward.
 */
export class RewardNotIssuableError extends Error {
  constructor(
    message: string,
    /** The reward's name, and what keeps it from being issued: for a merchant-facing reason (campaigns/rules/failure.ts). */
    readonly rewardName: string,
    readonly blocker: IssueBlocker,
  ) {
    super(message);
    this.name = 'RewardNotIssuableError';
  }
}

/**
 * Whether issuing a code failed for good: the platform refused it (`userErrors`), or the reward cannot be given now
 * (RewardNotIssuableError). A retry would change nothing; any other failure may pass.
 */
export function isFinalIssueFailure(error: unknown): boolean {
  return error instanceof AdminApiUserError || error instanceof RewardNotIssuableError;
}

/** Step 2 of the saga: creates the code on the platform; resolves with the discount's GID. */
export async function issueDiscountCode(admin: AdminClient, shop: string, mutation: DiscountMutation): Promise<string> {
  const node =
    mutation.operation === 'discountCodeFreeShippingCreate'
      ? (await admin.request(shop, DISCOUNT_CODE_FREE_SHIPPING_CREATE, { input: mutation.input }))
          .discountCodeFreeShippingCreate.codeDiscountNode
      : (await admin.request(shop, DISCOUNT_CODE_BASIC_CREATE, { input: mutation.input })).discountCodeBasicCreate
          .codeDiscountNode;
  if (!node) throw new AdminApiUnexpectedAnswerError(`${mutation.operation} returned no discount and no userErrors`);
  return node.id;
}

/**
 * What the code's value depends on, read from the platform when it is issued: a free product's unit price is the
 * variant's price now, not when the merchant saved the reward (prices change, variants get deleted). Other kinds
 * need nothing. Throws RewardNotIssuableError when the variant is gone or has no usable price.
 */
async function currentUnitPrice(admin: AdminClient, shop: string, reward: RewardRecord): Promise<string | undefined> {
  if (reward.kind !== 'free_product' || !reward.productVariantId) return undefined;
  const variantId = reward.productVariantId;
  if (!PRODUCT_VARIANT_GID.test(variantId)) throw new RewardNotIssuableError(`free product ${variantId} is not a product variant`, reward.name, 'not_configured');
  const price = await findVariantPrice(admin, shop, variantId);
  if (price === null) throw new RewardNotIssuableError(`free product ${variantId} no longer exists in the shop`, reward.name, 'product_missing');
  if (unitPriceAmount(price) === null) throw new RewardNotIssuableError(`free product ${variantId} has no price (${price})`, reward.name, 'not_configured');
  return price;
}

/**
 * Step 2 of the saga for `reward`: reads what the code needs from the platform now, builds the exact mutation and
 * creates the code; resolves with the discount's GID. RewardNotIssuableError when it cannot be issued (nothing was
 * created); platform failures propagate as from `issueDiscountCode`.
 */
export async function issueRewardCode(
  admin: AdminClient,
  shop: string,
  reward: RewardRecord,
  request: Omit<DiscountCodeRequest, 'unitPrice'>,
): Promise<string> {
  const unitPrice = await currentUnitPrice(admin, shop, reward);
  const mutation = discountMutationFor(reward, { ...request, unitPrice });
  if (!mutation) throw new RewardNotIssuableError(`reward ${reward.id} cannot be issued as configured`, reward.name, 'not_configured');
  return issueDiscountCode(admin, shop, mutation);
}

/** The GID of the discount that holds `code`, or null when the platform has no such code. */
export async function findDiscountByCode(admin: AdminClient, shop: string, code: string): Promise<string | null> {
  const data = await admin.request(shop, CODE_DISCOUNT_NODE_BY_CODE, { code });
  return data.codeDiscountNodeByCode?.id ?? null;
}

/**
 * Deletes a code the platform holds (a redemption given back while its code was being created). A code that is gone
 * already (deleted by the merchant, or by an earlier try whose answer was lost) counts as deleted.
 */
export async function deleteLateCode(admin: AdminClient, shop: string, discountId: string): Promise<void> {
  try {
    await admin.request(shop, DISCOUNT_CODE_DELETE, { id: discountId });
  } catch (error) {
    if (error instanceof AdminApiUserError && !(await findDiscountNode(admin, shop, discountId))) return;
    throw error;
  }
}

/** Whether the code with node id `discountId` still exists on the platform. */
async function findDiscountNode(admin: AdminClient, shop: string, discountId: string): Promise<boolean> {
  return (await admin.request(shop, DISCOUNT_NODE, { id: discountId })).discountNode !== null;
}

import type { Db } from '../db/client.js';
import { findProgram } from '../program/repository.js';
import { markMadeDuringLookup } from '../rewards/product-gone/keep-missing.js';
import { domainIssue, type FieldIssues, type Invalid } from '../validation/field-errors.js';
import type { GiftProductLookup } from './gift-product.js';
import { lockGiftProductMark } from './gift-product-repository.js';
import { createCampaign, updateCampaign, type CampaignInput, type CampaignRecord } from './repository.js';

export type SaveCampaignResult = { ok: true; campaign: CampaignRecord } | Invalid | { ok: false; notFound: true };

/** The rules only the stored program can check: the tiers the audience names and the reward a code gift gives. */
async function programIssues(db: Db, shopId: number, input: CampaignInput): Promise<FieldIssues> {
  const program = await findProgram(db, shopId);
  const tierIds = new Set(program?.tiers.map((t) => t.id));
  const issues: FieldIssues = {};
  input.audience.tierIds.forEach((id, i) => {
    if (!tierIds.has(id)) issues[`audience.tierIds.${i}`] = domainIssue('unknown_tier');
  });
  if (input.audience.minimumTierId !== null && !tierIds.has(input.audience.minimumTierId)) {
    issues['audience.minimumTierId'] = domainIssue('unknown_tier');
  }
  // Any reward of the shop, also an inactive one: a reward kept out of the catalog can still be a surprise.
  if (input.gift.kind === 'reward_code' && !program?.rewards.some((r) => r.id === (input.gift as { rewardId: number }).rewardId)) {
    issues['gift.rewardId'] = domainIssue('unknown_reward');
  }
  return issues;
}

/**
 * Creates (`id` null) or replaces a campaign of the shop, once the tiers and reward it names are the shop's own, with
 * what the lookup of its gift's product found (gift-product.ts). A replaced campaign's row is locked while it is
 * written: a mark a product webhook made after the lookup started, on the variant saved, is newer than the lookup's
 * answer and stays (with the stored product); any other mark is cleared with the product found.
 */
export async function saveCampaign(db: Db, shopId: number, id: number | null, input: CampaignInput, lookup: GiftProductLookup): Promise<SaveCampaignResult> {
  const issues = await programIssues(db, shopId, input);
  if (Object.keys(issues).length > 0) return { ok: false, issues };
  if (id === null) return { ok: true, campaign: await createCampaign(db, shopId, input, lookup.giftProductId ?? null) };
  const campaign = await db.$transaction(async (tx) => {
    const stored = await lockGiftProductMark(tx, shopId, id);
    if (!stored) return null;
    const variant = input.gift.kind === 'free_product' ? input.gift.productVariantId : null;
    const newer = lookup.giftProductId !== undefined && markMadeDuringLookup(stored.mark, variant, lookup.startedAt);
    return updateCampaign(tx, shopId, id, input, newer ? undefined : lookup.giftProductId);
  });
  return campaign ? { ok: true, campaign } : { ok: false, notFound: true };
}

import { describe, expect, it } from 'vitest';
import type { IssuableReward, IssueBlocker } from '../rewards/issuable.js';
import { perkRewardRefusal, type StoredPerk } from './settings-reward.js';

const SILVER = 2;
const GRINDER = 7;
const SHIPPING = 8;
const VARIANT = 'gid://shopify/ProductVariant/11';
/** A free product whose product the shop deleted (`products/delete`): marked, else issuable. */
const productGone: IssuableReward = { kind: 'free_product', value: null, productVariantId: VARIANT, productMissingAt: new Date('2026-12-06T00:00:00Z') };
/** A free product saved before variants were required: not issuable whatever the perk. */
const noVariant: IssuableReward = { kind: 'free_product', value: null, productVariantId: null, productMissingAt: null };
const issuable: IssuableReward = { kind: 'free_product', value: null, productVariantId: VARIANT, productMissingAt: null };

const perk = (rewardId: number, active: boolean) => ({ tierId: SILVER, rewardId, active });

describe('perkRewardRefusal', () => {
  it.each<[string, ReturnType<typeof perk>, IssuableReward, StoredPerk | undefined, IssueBlocker | null]>([
    ['product gone, perk saved unchanged (active): kept', perk(GRINDER, true), productGone, { rewardId: GRINDER, active: true }, null],
    ['product gone, perk saved unchanged (off): kept', perk(GRINDER, false), productGone, { rewardId: GRINDER, active: false }, null],
    ['product gone, chosen anew instead of another reward', perk(GRINDER, true), productGone, { rewardId: SHIPPING, active: true }, 'product_missing'],
    ['product gone, chosen for a tier that had no reward', perk(GRINDER, true), productGone, { rewardId: null, active: true }, 'product_missing'],
    ['product gone, chosen for a tier without a perk row', perk(GRINDER, true), productGone, undefined, 'product_missing'],
    ['product gone, the perk switched on', perk(GRINDER, true), productGone, { rewardId: GRINDER, active: false }, 'product_missing'],
    ['product gone, the perk switched off: kept (it grants nothing then)', perk(GRINDER, false), productGone, { rewardId: GRINDER, active: true }, null],
    ['no variant, perk saved unchanged: refused as before', perk(GRINDER, true), noVariant, { rewardId: GRINDER, active: true }, 'not_configured'],
    ['no variant, chosen anew', perk(GRINDER, true), noVariant, { rewardId: null, active: true }, 'not_configured'],
    ['issuable, chosen anew', perk(GRINDER, true), issuable, undefined, null],
    ['issuable, saved unchanged', perk(GRINDER, true), issuable, { rewardId: GRINDER, active: true }, null],
  ])('%s → refused for: %s', (_name, setting, reward, stored, refusal) => {
    expect(perkRewardRefusal(setting, reward, stored)).toBe(refusal);
  });
});

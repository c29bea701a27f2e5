import { describe, expect, it } from 'vitest';
import type { IssuableReward } from '../rewards/issuable.js';
import { perkRewardRefused, type StoredPerk } from './settings-reward.js';

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

describe('perkRewardRefused', () => {
  it.each<[string, ReturnType<typeof perk>, IssuableReward, StoredPerk | undefined, boolean]>([
    ['product gone, perk saved unchanged (active): kept', perk(GRINDER, true), productGone, { rewardId: GRINDER, active: true }, false],
    ['product gone, perk saved unchanged (off): kept', perk(GRINDER, false), productGone, { rewardId: GRINDER, active: false }, false],
    ['product gone, chosen anew instead of another reward', perk(GRINDER, true), productGone, { rewardId: SHIPPING, active: true }, true],
    ['product gone, chosen for a tier that had no reward', perk(GRINDER, true), productGone, { rewardId: null, active: true }, true],
    ['product gone, chosen for a tier without a perk row', perk(GRINDER, true), productGone, undefined, true],
    ['product gone, the perk switched on', perk(GRINDER, true), productGone, { rewardId: GRINDER, active: false }, true],
    ['product gone, the perk switched off: kept (it grants nothing then)', perk(GRINDER, false), productGone, { rewardId: GRINDER, active: true }, false],
    ['no variant, perk saved unchanged: refused as before', perk(GRINDER, true), noVariant, { rewardId: GRINDER, active: true }, true],
    ['no variant, chosen anew', perk(GRINDER, true), noVariant, { rewardId: null, active: true }, true],
    ['issuable, chosen anew', perk(GRINDER, true), issuable, undefined, false],
    ['issuable, saved unchanged', perk(GRINDER, true), issuable, { rewardId: GRINDER, active: true }, false],
  ])('%s → refused: %s', (_name, setting, reward, stored, refused) => {
    expect(perkRewardRefused(setting, reward, stored)).toBe(refused);
  });
});

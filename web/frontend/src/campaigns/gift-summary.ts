/**
 * A campaign's gift in one line, as the campaign list shows it: "100 bonus points", "Code: Free shipping", "Free
 * product: Handmühle – Edelstahl" (the product as the campaign saved it; "Free product" for one saved before Loyale
 * kept it). Pure (type imports only): the unit test in web/test/browser imports it under NodeNext.
 */
import type { Campaign } from '../../../src/admin-api/wire/index.js';
import { productTitle } from '../program/product-title.js';

export type GiftSummaryMessageKey =
  | 'campaigns.gift.summary.reward_code'
  | 'campaigns.gift.summary.free_product'
  | 'campaigns.gift.summary.free_product_named';
export type GiftSummaryPluralKey = 'campaigns.gift.summary.bonus_points';

/** The admin's translation functions, as far as the summary needs them (useI18n's `t` and `tp`). */
export interface GiftSummaryWording {
  t(key: GiftSummaryMessageKey, vars?: Record<string, string | number>): string;
  tp(key: GiftSummaryPluralKey, count: number): string;
}

export function giftSummary(
  { t, tp }: GiftSummaryWording,
  campaign: Pick<Campaign, 'gift' | 'savedGiftProduct'>,
  rewardName: (rewardId: string) => string | undefined,
): string {
  const { gift } = campaign;
  switch (gift.kind) {
    case 'bonus_points':
      return tp('campaigns.gift.summary.bonus_points', gift.points);
    case 'reward_code':
      return t('campaigns.gift.summary.reward_code', { reward: rewardName(gift.rewardId) ?? gift.rewardId });
    case 'free_product': {
      const product = campaign.savedGiftProduct;
      return product ? t('campaigns.gift.summary.free_product_named', { product: productTitle(product) }) : t('campaigns.gift.summary.free_product');
    }
  }
}

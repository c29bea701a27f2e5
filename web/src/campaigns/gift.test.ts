import { describe, expect, it } from 'vitest';
import { REDEMPTION_CODE_PATTERN } from '../rewards/code.js';
import { giftCode, giftDescription, type Gift } from './gift.js';

describe('giftCode', () => {
  it('is the same for the same run and member, and a valid code', () => {
    const code = giftCode('secret', 12, 34);
    expect(code).toBe(giftCode('secret', 12, 34));
    expect(code).toMatch(REDEMPTION_CODE_PATTERN);
  });

  it.each([
    ['another member', 'secret', 12, 35],
    ['another run', 'secret', 13, 34],
    ['another secret', 'other', 12, 34],
  ])('differs for %s', (_name, secret, run, member) => {
    expect(giftCode(secret, run, member)).not.toBe(giftCode('secret', 12, 34));
  });
});

describe('giftDescription', () => {
  it.each<[Gift, 'en' | 'de', string | null, string]>([
    [{ kind: 'bonus_points', points: 1500 }, 'en', null, '1,500 bonus points'],
    [{ kind: 'bonus_points', points: 1500 }, 'de', null, '1.500 Bonuspunkte'],
    [{ kind: 'bonus_points', points: 1 }, 'en', null, '1 bonus point'],
    [{ kind: 'bonus_points', points: 1 }, 'de', null, '1 Bonuspunkt'],
    [{ kind: 'reward_code', rewardId: 1 }, 'en', 'Free shipping', 'a voucher for Free shipping'],
    [{ kind: 'reward_code', rewardId: 1 }, 'de', 'Kostenloser Versand', 'ein Gutschein für „Kostenloser Versand“'],
    [{ kind: 'free_product', productVariantId: 'gid://shopify/ProductVariant/1' }, 'en', null, 'a free gift, already on its way to you'],
    [{ kind: 'free_product', productVariantId: 'gid://shopify/ProductVariant/1' }, 'de', null, 'ein Geschenk, das schon zu Ihnen unterwegs ist'],
  ])('%j in %s', (gift, locale, rewardName, expected) => {
    expect(giftDescription(gift, locale, rewardName)).toBe(expected);
  });
});

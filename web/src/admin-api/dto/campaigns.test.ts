import { describe, expect, it } from 'vitest';
import { NO_AUDIENCE_RULES } from '../../campaigns/rules/audience.js';
import { validate } from '../../validation/field-errors.js';
import { fieldMessages } from '../../validation/messages.js';
import { campaignBody, toCampaignInput } from './campaigns.js';

const valid = {
  name: ' Thank you ',
  recipients: { mode: 'share', share: 0.1 },
  schedule: { kind: 'weekly', weekday: 1, time: '09:30' },
  gift: { kind: 'bonus_points', points: 100 },
};

describe('campaignBody', () => {
  it('fills in the defaults and trims', () => {
    expect(validate(campaignBody, valid)).toEqual({
      ok: true,
      data: {
        name: 'Thank you',
        active: true,
        audience: NO_AUDIENCE_RULES,
        recipients: { mode: 'share', share: '0.1' },
        schedule: { kind: 'weekly', weekday: 1, time: '09:30' },
        gift: { kind: 'bonus_points', points: 100 },
      },
    });
  });

  it.each<[string, object]>([
    ['every audience rule', { audience: { tierIds: ['1', '2'], minimumTierId: '2', minimumOrders: 2, joinedBefore: '2026-01-31', memberForDays: 30, orderedWithinDays: 90, notGiftedWithinDays: 60 } }],
    ['a count', { recipients: { mode: 'count', count: 5 } }],
    ['a share of 1', { recipients: { mode: 'share', share: 1 } }],
    ['once', { schedule: { kind: 'once', runAt: '2026-12-01T09:00:00+01:00' } }],
    ['monthly', { schedule: { kind: 'monthly', day: 28, time: '23:59' } }],
    ['a reward code', { gift: { kind: 'reward_code', rewardId: '12' } }],
    ['a free product', { gift: { kind: 'free_product', productVariantId: 'gid://shopify/ProductVariant/4711' } }],
    ['inactive', { active: false }],
  ])('accepts %s', (_name, change) => {
    expect(validate(campaignBody, { ...valid, ...change }).ok).toBe(true);
  });

  it.each([
    ['2026-12-01T09:00:00+01:00', '2026-12-01T08:00:00.000Z'],
    ['2026-12-01T09:00', '2026-12-01T08:00:00.000Z'],
    ['2026-07-01T09:00', '2026-07-01T07:00:00.000Z'],
  ])('reads the once time %s as %s (no offset: the shop’s zone)', (runAt, instant) => {
    const result = validate(campaignBody, { ...valid, schedule: { kind: 'once', runAt } });
    if (!result.ok) throw new Error('refused');
    expect(toCampaignInput(result.data, 'Europe/Berlin').schedule).toEqual({ kind: 'once', runAt: new Date(instant) });
  });

  it.each<[string, object, Record<string, string>]>([
    ['no name', { name: '  ' }, { name: 'Enter a name' }],
    ['an unknown recipient mode', { recipients: { mode: 'all' } }, { 'recipients.mode': 'Choose one of: count, share' }],
    ['a count of 0', { recipients: { mode: 'count', count: 0 } }, { 'recipients.count': 'Must be at least 1' }],
    ['a count without a number', { recipients: { mode: 'count' } }, { 'recipients.count': 'Enter a number' }],
    ['a share of 0', { recipients: { mode: 'share', share: 0 } }, { 'recipients.share': 'Enter a share above 0 % and at most 100 %' }],
    ['a share above 1 (150 % in the editor)', { recipients: { mode: 'share', share: 1.5 } }, { 'recipients.share': 'Enter a share above 0 % and at most 100 %' }],
    ['a share too fine', { recipients: { mode: 'share', share: 0.12345 } }, { 'recipients.share': 'Use at most 4 decimal places' }],
    ['no schedule', { schedule: undefined }, { schedule: 'Must be an object' }],
    ['an unknown schedule', { schedule: { kind: 'daily' } }, { 'schedule.kind': 'Choose one of: once, weekly, monthly' }],
    ['weekday 8', { schedule: { kind: 'weekly', weekday: 8, time: '09:00' } }, { 'schedule.weekday': 'Must be at most 7' }],
    ['day 29', { schedule: { kind: 'monthly', day: 29, time: '09:00' } }, { 'schedule.day': 'Must be at most 28' }],
    ['a time of 24:00', { schedule: { kind: 'weekly', weekday: 1, time: '24:00' } }, { 'schedule.time': 'Not in the expected format' }],
    ['once without a time', { schedule: { kind: 'once' } }, { 'schedule.runAt': 'Enter text' }],
    ['0 points', { gift: { kind: 'bonus_points', points: 0 } }, { 'gift.points': 'Must be at least 1' }],
    ['a reward code without a reward', { gift: { kind: 'reward_code' } }, { 'gift.rewardId': 'Enter text' }],
    ['a reward id that is no id', { gift: { kind: 'reward_code', rewardId: 'x' } }, { 'gift.rewardId': 'Not an id' }],
    ['a product that is no variant GID', { gift: { kind: 'free_product', productVariantId: 'gid://shopify/Product/1' } }, { 'gift.productVariantId': 'Not in the expected format' }],
    ['a tier id that is no id', { audience: { tierIds: ['gold'] } }, { 'audience.tierIds.0': 'Not an id' }],
    ['0 days', { audience: { notGiftedWithinDays: 0 } }, { 'audience.notGiftedWithinDays': 'Must be at least 1' }],
    ['not a date', { audience: { joinedBefore: '2026-02-30' } }, { 'audience.joinedBefore': 'Enter a date as YYYY-MM-DD' }],
    ['minimum orders not whole', { audience: { minimumOrders: 1.5 } }, { 'audience.minimumOrders': 'Enter a whole number' }],
    ['a NUL in the name', { name: 'Danke\u0000' }, { name: 'Use a single line without tabs or other control characters' }],
    ['a line break in the name', { name: 'Danke\nschön' }, { name: 'Use a single line without tabs or other control characters' }],
    ['a lone surrogate in the name', { name: 'Danke \ud83d' }, { name: 'Contains broken characters (not valid Unicode); type or paste the text again' }],
    ['a once time in year 0', { schedule: { kind: 'once', runAt: '0000-01-01T00:00:00Z' } }, { 'schedule.runAt': 'Choose a date in the years 2000 to 9999' }],
    ['a once time in 1999, without an offset', { schedule: { kind: 'once', runAt: '1999-12-31T23:59' } }, { 'schedule.runAt': 'Choose a date in the years 2000 to 9999' }],
    ['a joined-before date in year 0100', { audience: { joinedBefore: '0100-01-01' } }, { 'audience.joinedBefore': 'Choose a date in the years 2000 to 9999' }],
  ])('refuses %s', (_name, change, fieldErrors) => {
    const result = validate(campaignBody, { ...valid, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(fieldMessages(result.issues, 'en')).toEqual(fieldErrors);
  });
});

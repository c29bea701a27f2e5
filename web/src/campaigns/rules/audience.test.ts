import { describe, expect, it } from 'vitest';
import { audienceFilter, matchesAudience, NO_AUDIENCE_RULES, type AudienceCandidate, type AudienceRules } from './audience.js';

const TIERS = [
  { id: 1, threshold: 0 },
  { id: 2, threshold: 500 },
  { id: 3, threshold: 2000 },
];
const now = new Date('2026-11-23T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

const member: AudienceCandidate = {
  memberId: 1,
  tierId: 2,
  orders: 3,
  memberSince: daysAgo(100),
  lastOrderAt: daysAgo(10),
  lastGiftAt: null,
};

const matches = (rules: Partial<AudienceRules>, candidate: Partial<AudienceCandidate> = {}) =>
  matchesAudience({ ...member, ...candidate }, audienceFilter({ ...NO_AUDIENCE_RULES, ...rules }, { now, timeZone: 'Europe/Berlin', tiers: TIERS }));

describe('audience rules', () => {
  it.each<[string, Partial<AudienceRules>, Partial<AudienceCandidate>, boolean]>([
    ['no rules: everyone', {}, {}, true],
    ['no rules: also a member without tier, orders or gifts', {}, { tierId: null, orders: 0, lastOrderAt: null }, true],
    ['listed tier', { tierIds: [2] }, {}, true],
    ['one of several tiers', { tierIds: [1, 3] }, { tierId: 3 }, true],
    ['a tier not listed', { tierIds: [1, 3] }, {}, false],
    ['no tier when tiers are listed', { tierIds: [2] }, { tierId: null }, false],
    ['a tier the shop no longer has matches nobody', { tierIds: [99] }, {}, false],
    ['minimum tier: the tier itself', { minimumTierId: 2 }, {}, true],
    ['minimum tier: a higher one', { minimumTierId: 2 }, { tierId: 3 }, true],
    ['minimum tier: a lower one', { minimumTierId: 2 }, { tierId: 1 }, false],
    ['unknown minimum tier matches nobody', { minimumTierId: 99 }, {}, false],
    ['tiers and minimum tier both hold', { tierIds: [1, 2], minimumTierId: 2 }, { tierId: 2 }, true],
    ['tiers and minimum tier: only one holds', { tierIds: [1, 2], minimumTierId: 2 }, { tierId: 1 }, false],
    ['minimum orders met exactly', { minimumOrders: 3 }, {}, true],
    ['minimum orders not met', { minimumOrders: 4 }, {}, false],
    ['joined before the day', { joinedBefore: '2026-08-16' }, {}, true],
    // Midnight in Berlin is 22:00 UTC the day before (summer time): a member from 22:30 UTC joined on the 16th.
    ['joined on the day itself (shop time) is not before it', { joinedBefore: '2026-08-16' }, { memberSince: new Date('2026-08-15T22:30:00Z') }, false],
    ['joined just before midnight shop time', { joinedBefore: '2026-08-16' }, { memberSince: new Date('2026-08-15T21:59:00Z') }, true],
    ['member for at least N days', { memberForDays: 100 }, {}, true],
    ['member for fewer days', { memberForDays: 101 }, {}, false],
    ['ordered within N days', { orderedWithinDays: 10 }, {}, true],
    ['last order longer ago', { orderedWithinDays: 9 }, {}, false],
    ['never ordered', { orderedWithinDays: 365 }, { lastOrderAt: null }, false],
    ['never gifted', { notGiftedWithinDays: 30 }, {}, true],
    ['gifted before the window', { notGiftedWithinDays: 30 }, { lastGiftAt: daysAgo(31) }, true],
    ['gifted within the window', { notGiftedWithinDays: 30 }, { lastGiftAt: daysAgo(29) }, false],
    ['gifted just now', { notGiftedWithinDays: 1 }, { lastGiftAt: now }, false],
    [
      'all rules at once',
      { tierIds: [2, 3], minimumOrders: 2, memberForDays: 30, orderedWithinDays: 30, notGiftedWithinDays: 60 },
      { lastGiftAt: daysAgo(90) },
      true,
    ],
  ])('%s', (_name, rules, candidate, expected) => {
    expect(matches(rules, candidate)).toBe(expected);
  });
});

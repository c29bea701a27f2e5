import { describe, expect, it } from 'vitest';
import { evaluatePoints, MAX_ORDER_POINTS, pointsFor, QUALIFYING_WINDOW_MS, type OrderFact, type RefundFact } from './points.js';
import type { TierRule } from './tiers.js';
import { permutations } from '../../../test/permutations.js';

const tiers: TierRule[] = [
  { id: 1, name: 'Bronze', threshold: 0, multiplier: '1' },
  { id: 2, name: 'Silver', threshold: 500, multiplier: '1.25' },
  { id: 3, name: 'Gold', threshold: 2000, multiplier: '1.5' },
];

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 1);
/** A moment `days` after T0. */
const day = (days: number) => new Date(T0 + days * DAY);

function order(orderId: string, subtotal: string | null, at: number, extra: Partial<OrderFact> = {}): OrderFact {
  return { orderId, subtotal, pointsPerCurrencyUnit: '1', processedAt: day(at), cancelledAt: null, refunds: [], ...extra };
}
function refund(refundId: string, subtotal: string, at: number): RefundFact {
  return { refundId, subtotal, createdAt: day(at) };
}

describe('pointsFor', () => {
  it.each([
    ['100.00', '1', '1', 100],
    ['19.99', '1', '1.25', 24],
    ['19.99', '1', '1.5', 29],
    ['0.99', '1', '1', 0],
    ['33.33', '2', '1.5', 99],
    ['10.005', '1', '1', 10],
    ['0.1', '3', '10', 3], // 0.1 × 3 × 10 is 3.0000000000000004 in floats
    // More places than money has: the floor of the exact product, nothing rounded before it.
    ['100.99999', '1', '1', 100],
    ['0.99995', '1', '1', 0],
    ['0.799999999999', '1', '1.25', 0],
    // 21+ significant digits, where decimal.js rounds by default (to 20 digits: 1499999999.99999999999… → 1500000000).
    ['999999999.999999999999', '1', '1.5', 1_499_999_999],
    ['999999999.999999999999', '1', '1', 999_999_999],
    // At most what the int4 columns hold, whatever the program's rate and multiplier make of the largest amount.
    ['2147483647', '1', '1', MAX_ORDER_POINTS],
    ['1000000000', '1', '1.5', 1_500_000_000],
    ['1000000000', '1', '2.5', MAX_ORDER_POINTS],
    ['1000000000', '1000', '10', MAX_ORDER_POINTS],
  ])('floor(%s × %s × %s) = %i', (amount, rate, multiplier, expected) => {
    expect(pointsFor(amount, rate, multiplier)).toBe(expected);
  });

  it('caps at the int4 maximum', () => {
    expect(MAX_ORDER_POINTS).toBe(2 ** 31 - 1);
  });
});

interface Case {
  name: string;
  facts: OrderFact[];
  now?: number;
  earned: Record<string, [multiplier: string, earned: number, takenBack: number]>;
  points: number;
  qualifying: number;
  tier: string;
}

const cases: Case[] = [
  {
    name: 'base earn at 1 point per unit',
    facts: [order('1', '100.00', 0)],
    earned: { '1': ['1', 100, 0] },
    points: 100, qualifying: 100, tier: 'Bronze',
  },
  {
    name: 'the rate snapshot of the order',
    facts: [order('1', '100.00', 0, { pointsPerCurrencyUnit: '2.5' })],
    earned: { '1': ['1', 250, 0] },
    points: 250, qualifying: 250, tier: 'Bronze',
  },
  {
    name: 'no rate snapshot means 1',
    facts: [order('1', '42.42', 0, { pointsPerCurrencyUnit: null })],
    earned: { '1': ['1', 42, 0] },
    points: 42, qualifying: 42, tier: 'Bronze',
  },
  {
    name: 'the order that reaches Silver still earns at Bronze; the next one at Silver, in decimals',
    facts: [order('1', '500.00', 0), order('2', '19.99', 1)],
    earned: { '1': ['1', 500, 0], '2': ['1.25', 24, 0] },
    points: 524, qualifying: 524, tier: 'Silver',
  },
  {
    name: 'Gold from 2000 and the next order at ×1.5',
    facts: [order('1', '500.00', 0), order('2', '1200.00', 1), order('3', '100.00', 2), order('4', '100.00', 3)],
    // 500 → Silver; 1200 × 1.25 = 1500 → 2000 Gold; 100 × 1.5 = 150; 150
    earned: { '1': ['1', 500, 0], '2': ['1.25', 1500, 0], '3': ['1.5', 150, 0], '4': ['1.5', 150, 0] },
    points: 2300, qualifying: 2300, tier: 'Gold',
  },
  {
    name: 'an order earns at the tier before it, not after',
    facts: [order('1', '499.99', 0), order('2', '0.99', 1), order('3', '10.00', 2)],
    earned: { '1': ['1', 499, 0], '2': ['1', 0, 0], '3': ['1', 10, 0] },
    points: 509, qualifying: 509, tier: 'Silver',
  },
  {
    name: 'an order 364 days later still sees the first in the window',
    facts: [order('1', '600.00', 0), order('2', '100.00', 364)],
    now: 364,
    earned: { '1': ['1', 600, 0], '2': ['1.25', 125, 0] },
    points: 725, qualifying: 725, tier: 'Silver',
  },
  {
    name: 'an order exactly 365 days later does not (window is (t − 365 d, t])',
    facts: [order('1', '600.00', 0), order('2', '100.00', 365)],
    now: 365,
    earned: { '1': ['1', 600, 0], '2': ['1', 100, 0] },
    points: 700, qualifying: 100, tier: 'Bronze',
  },
  {
    name: 'tier drops when the points leave the window; the balance stays',
    facts: [order('1', '600.00', 0), order('2', '100.00', 10)],
    now: 366,
    earned: { '1': ['1', 600, 0], '2': ['1.25', 125, 0] },
    points: 725, qualifying: 125, tier: 'Bronze',
  },
  {
    name: 'partial refund',
    facts: [order('1', '100.00', 0, { refunds: [refund('r1', '30.00', 1)] })],
    earned: { '1': ['1', 100, 30] },
    points: 70, qualifying: 70, tier: 'Bronze',
  },
  {
    name: 'several refunds',
    facts: [order('1', '100.00', 0, { refunds: [refund('r1', '30.00', 1), refund('r2', '25.50', 2)] })],
    earned: { '1': ['1', 100, 55] },
    points: 45, qualifying: 45, tier: 'Bronze',
  },
  {
    name: 'refunds give back at most what the order earned',
    facts: [order('1', '100.00', 0, { refunds: [refund('r1', '80.00', 1), refund('r2', '80.00', 2)] })],
    earned: { '1': ['1', 100, 100] },
    points: 0, qualifying: 0, tier: 'Bronze',
  },
  {
    name: 'a refund takes back at the multiplier the order earned at',
    facts: [order('1', '500.00', 0), order('2', '100.00', 1, { refunds: [refund('r1', '10.00', 2)] })],
    // order 2 earned 125 at ×1.25; the refund takes floor(10 × 1.25) = 12
    earned: { '1': ['1', 500, 0], '2': ['1.25', 125, 12] },
    points: 613, qualifying: 613, tier: 'Silver',
  },
  {
    name: 'cancellation after a refund takes what is left',
    facts: [order('1', '100.00', 0, { refunds: [refund('r1', '30.00', 1)], cancelledAt: day(2) })],
    earned: { '1': ['1', 100, 100] },
    points: 0, qualifying: 0, tier: 'Bronze',
  },
  {
    name: 'a refund after the cancellation takes nothing more',
    facts: [order('1', '100.00', 0, { refunds: [refund('r1', '30.00', 3)], cancelledAt: day(2) })],
    earned: { '1': ['1', 100, 100] },
    points: 0, qualifying: 0, tier: 'Bronze',
  },
  {
    name: 'a refund of an order not paid yet waits (the order earns nothing yet)',
    facts: [order('1', null, 0, { refunds: [refund('r1', '30.00', 1)] }), order('2', '50.00', 1)],
    earned: { '2': ['1', 50, 0] },
    points: 50, qualifying: 50, tier: 'Bronze',
  },
  {
    name: 'a refund before a later order lowers the tier that order earns at',
    facts: [order('1', '600.00', 0, { refunds: [refund('r1', '200.00', 1)] }), order('2', '100.00', 2)],
    earned: { '1': ['1', 600, 200], '2': ['1', 100, 0] },
    points: 500, qualifying: 500, tier: 'Silver',
  },
  {
    name: 'a refund after a later order does not',
    facts: [order('1', '600.00', 0, { refunds: [refund('r1', '200.00', 3)] }), order('2', '100.00', 2)],
    earned: { '1': ['1', 600, 200], '2': ['1.25', 125, 0] },
    points: 525, qualifying: 525, tier: 'Silver',
  },
  {
    name: 'a cancelled early order drops the tier for what follows it',
    facts: [order('1', '600.00', 0, { cancelledAt: day(1) }), order('2', '100.00', 2)],
    earned: { '1': ['1', 600, 600], '2': ['1', 100, 0] },
    points: 100, qualifying: 100, tier: 'Bronze',
  },
  {
    name: 'orders at the same instant go by numeric order id',
    facts: [order('10', '100.00', 0), order('9', '600.00', 0)],
    earned: { '9': ['1', 600, 0], '10': ['1.25', 125, 0] },
    points: 725, qualifying: 725, tier: 'Silver',
  },
  {
    name: 'an order stamped a little after now still counts',
    facts: [order('1', '600.00', 1)],
    now: 0,
    earned: { '1': ['1', 600, 0] },
    points: 600, qualifying: 600, tier: 'Silver',
  },
  {
    name: 'an order earns with the tiers it was paid under, whatever the tiers are now',
    facts: [
      order('1', '600.00', 0, { tiers: [{ threshold: 0, multiplier: '1' }, { threshold: 500, multiplier: '1.25' }] }),
      order('2', '100.00', 1, { tiers: [{ threshold: 0, multiplier: '1' }, { threshold: 500, multiplier: '1.25' }] }),
      // Paid after the merchant raised Silver's multiplier and moved its threshold to 700.
      order('3', '100.00', 2, { tiers: [{ threshold: 0, multiplier: '1' }, { threshold: 700, multiplier: '2' }] }),
    ],
    earned: { '1': ['1', 600, 0], '2': ['1.25', 125, 0], '3': ['2', 200, 0] },
    points: 925, qualifying: 925, tier: 'Silver',
  },
  {
    name: 'a snapshot below the new threshold earns at the lower tier it was paid under',
    facts: [
      order('1', '600.00', 0, { tiers: [{ threshold: 0, multiplier: '1' }, { threshold: 500, multiplier: '1.25' }] }),
      order('2', '100.00', 1, { tiers: [{ threshold: 0, multiplier: '1' }, { threshold: 1000, multiplier: '1.25' }] }),
    ],
    earned: { '1': ['1', 600, 0], '2': ['1', 100, 0] },
    points: 700, qualifying: 700, tier: 'Silver',
  },
  {
    name: 'a zero subtotal earns nothing',
    facts: [order('1', '0.00', 0)],
    earned: { '1': ['1', 0, 0] },
    points: 0, qualifying: 0, tier: 'Bronze',
  },
  {
    name: 'an order at the largest amount under extreme settings earns the int4 maximum, and a full refund takes just that back',
    facts: [order('1', '1000000000', 0, { pointsPerCurrencyUnit: '1000', refunds: [refund('r1', '1000000000', 1)] })],
    earned: { '1': ['1', MAX_ORDER_POINTS, MAX_ORDER_POINTS] },
    points: 0, qualifying: 0, tier: 'Bronze',
  },
];

describe('evaluatePoints', () => {
  it.each(cases)('$name', ({ facts, now, earned, points, qualifying, tier }) => {
    const result = evaluatePoints(facts, tiers, day(now ?? 30));
    expect(Object.fromEntries(result.orders.map((o) => [o.orderId, [o.multiplier, o.earned, o.takenBack]]))).toEqual(
      earned,
    );
    expect(result.points).toBe(points);
    expect(result.qualifyingPoints).toBe(qualifying);
    expect(result.tier?.name).toBe(tier);
  });

  it('gives the same result for every order of the facts', () => {
    const facts = [
      order('1', '400.00', 0, { refunds: [refund('r1', '50.00', 5)] }),
      order('2', '300.00', 1, { cancelledAt: day(20) }),
      order('3', '250.00', 2, { refunds: [refund('r2', '100.00', 3), refund('r3', '10.00', 3)] }),
      order('4', '99.99', 10),
    ];
    const expected = evaluatePoints(facts, tiers, day(30));
    for (const permutation of permutations(facts)) {
      const shuffled = permutation.map((o) => ({ ...o, refunds: [...o.refunds].reverse() }));
      expect(evaluatePoints(shuffled, tiers, day(30))).toEqual(expected);
    }
    expect(expected.points).toBe(expected.orders.reduce((sum, o) => sum + o.earned - o.takenBack, 0));
  });

  it('splits take-backs per refund and cancellation', () => {
    const [result] = evaluatePoints(
      [order('1', '100.00', 0, { refunds: [refund('r2', '10.00', 2), refund('r1', '20.00', 1)], cancelledAt: day(3) })],
      tiers,
      day(4),
    ).orders;
    expect(result).toEqual({
      orderId: '1',
      multiplier: '1',
      earned: 100,
      refunds: [
        { refundId: 'r1', takenBack: 20 },
        { refundId: 'r2', takenBack: 10 },
      ],
      cancellationTakenBack: 70,
      takenBack: 100,
    });
  });

  it('rechecks the tier when the oldest order still counting leaves the window', () => {
    const facts = [order('1', '600.00', 0, { cancelledAt: day(1) }), order('2', '300.00', 5), order('3', '300.00', 9)];
    const result = evaluatePoints(facts, tiers, day(30));
    expect(result.tierRecheckAt).toEqual(new Date(day(5).getTime() + QUALIFYING_WINDOW_MS));
    expect(result.lastOrderAt).toEqual(day(9));
    expect(evaluatePoints(facts, tiers, day(400)).tierRecheckAt).toBeNull();
  });

  it('has no tier without tiers and earns at ×1', () => {
    const result = evaluatePoints([order('1', '10.00', 0)], [], day(1));
    expect(result.tier).toBeNull();
    expect(result.points).toBe(10);
  });
});

describe('evaluatePoints with an approval period or award on fulfilment', () => {
  const approval = (days: number) => ({ policy: { awardOn: 'paid' as const, approvalDays: days } });
  const onFulfilment = (days: number, fulfilledAt: number | null) => ({
    policy: { awardOn: 'fulfilled' as const, approvalDays: days },
    fulfilledAt: fulfilledAt === null ? null : day(fulfilledAt),
  });
  const summary = (facts: OrderFact[], now: number) => {
    const r = evaluatePoints(facts, tiers, day(now));
    return {
      booked: r.orders.map((o) => [o.orderId, o.earned - o.takenBack]),
      pending: r.pending.map((p) => [p.orderId, p.points, p.availableAt?.getTime() ?? null]),
      pendingPoints: r.pendingPoints,
      points: r.points,
      qualifying: r.qualifyingPoints,
      tier: r.tier?.name,
      recheck: r.tierRecheckAt?.getTime() ?? null,
    };
  };

  it.each<[string, OrderFact[], number, ReturnType<typeof summary>]>([
    ['pending inside the approval period, rechecked when it ends', [order('1', '100.00', 0, approval(14))], 5,
      { booked: [], pending: [['1', 100, day(14).getTime()]], pendingPoints: 100, points: 0, qualifying: 0, tier: 'Bronze', recheck: day(14).getTime() }],
    ['spendable once the period is over', [order('1', '100.00', 0, approval(14))], 14,
      { booked: [['1', 100]], pending: [], pendingPoints: 0, points: 100, qualifying: 100, tier: 'Bronze', recheck: day(365).getTime() }],
    ['a partial refund while pending lowers what is pending', [order('1', '100.00', 0, { ...approval(14), refunds: [refund('r', '40.00', 3)] })], 5,
      { booked: [], pending: [['1', 60, day(14).getTime()]], pendingPoints: 60, points: 0, qualifying: 0, tier: 'Bronze', recheck: day(14).getTime() }],
    ['refunded in full while pending: nothing pending, nothing spendable later', [order('1', '100.00', 0, { ...approval(14), refunds: [refund('r', '100.00', 3)] })], 5,
      { booked: [], pending: [], pendingPoints: 0, points: 0, qualifying: 0, tier: 'Bronze', recheck: day(14).getTime() }],
    ['refunded in full while pending, after the period: booked net 0', [order('1', '100.00', 0, { ...approval(14), refunds: [refund('r', '100.00', 3)] })], 20,
      { booked: [['1', 0]], pending: [], pendingPoints: 0, points: 0, qualifying: 0, tier: 'Bronze', recheck: null }],
    ['cancelled while pending', [order('1', '100.00', 0, { ...approval(14), cancelledAt: day(2) })], 5,
      { booked: [], pending: [], pendingPoints: 0, points: 0, qualifying: 0, tier: 'Bronze', recheck: day(14).getTime() }],
    ['awarded on fulfilment: waits for the fulfilment', [order('1', '100.00', 0, onFulfilment(0, null))], 30,
      { booked: [], pending: [['1', 100, null]], pendingPoints: 100, points: 0, qualifying: 0, tier: 'Bronze', recheck: null }],
    ['awarded on fulfilment: spendable once fulfilled', [order('1', '100.00', 0, onFulfilment(0, 2))], 3,
      { booked: [['1', 100]], pending: [], pendingPoints: 0, points: 100, qualifying: 100, tier: 'Bronze', recheck: day(365).getTime() }],
    ['awarded on fulfilment with an approval period after it', [order('1', '100.00', 0, onFulfilment(10, 2))], 3,
      { booked: [], pending: [['1', 100, day(12).getTime()]], pendingPoints: 100, points: 0, qualifying: 0, tier: 'Bronze', recheck: day(12).getTime() }],
    ['a pending order does not lift the tier of the next order; a spendable one does',
      [order('1', '600.00', 0, approval(14)), order('2', '100.00', 5, approval(14)), order('3', '100.00', 20, approval(14))], 40,
      { booked: [['1', 600], ['2', 100], ['3', 125]], pending: [], pendingPoints: 0, points: 825, qualifying: 825, tier: 'Silver', recheck: day(365).getTime() }],
    ['orders of the default policy are never pending, even stamped after now', [order('1', '100.00', 2)], 1,
      { booked: [['1', 100]], pending: [], pendingPoints: 0, points: 100, qualifying: 100, tier: 'Bronze', recheck: day(367).getTime() }],
  ])('%s', (_name, facts, now, expected) => {
    expect(summary(facts, now)).toEqual(expected);
  });
});

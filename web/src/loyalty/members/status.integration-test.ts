import { describe, expect, it } from 'vitest';
import { handleOrderPaid } from '../orders/service.js';
import { getMemberStatus, recheckDueTiers } from './status.js';
import { DAY, day, paid, useLoyaltyShop } from '../test-fixture.js';

const fx = useLoyaltyShop('status-test.myshopify.com');
const { newId, member } = fx;

describe('tiers over time', () => {
  it('drops the tier when the points leave the window, keeping the balance', async () => {
    const customer = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '600.00', day(0)), day(1));
    expect((await getMemberStatus(fx.db, fx.shop, String(customer), day(364))).tier?.key).toBe('silver');

    const later = await getMemberStatus(fx.db, fx.shop, String(customer), day(366));
    expect(later).toMatchObject({ points: 600, qualifyingPoints: 0, tier: { key: 'bronze' }, nextTier: { tier: { key: 'silver' }, pointsNeeded: 500 } });
    expect(await member(customer)).toMatchObject({ qualifyingPoints: 0, tierRecheckAt: null, tier: { key: 'bronze' } });
    const changes = await fx.db.ledgerEntry.findMany({
      where: { shopId: fx.shop.id, reason: 'tier_changed', member: { customerId: String(customer) } },
      orderBy: { id: 'asc' },
    });
    expect(changes.map((c) => [c.delta, c.note])).toEqual([[0, 'Bronze → Silver'], [0, 'Silver → Bronze']]);
    expect(changes.at(-1)?.balanceAfter).toBe(600);
  });

  it('rechecks due members in a batch', async () => {
    const customer = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '700.00', day(0)), day(0));
    await handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '100.00', day(200)), day(200)); // 125 at Silver
    expect(await recheckDueTiers(fx.db, day(300))).toBe(0);
    expect(await recheckDueTiers(fx.db, day(370))).toBeGreaterThanOrEqual(1);
    expect(await member(customer)).toMatchObject({
      points: 825,
      qualifyingPoints: 125,
      tierRecheckAt: new Date(day(200).getTime() + 365 * DAY),
      tier: { key: 'bronze' },
    });
    expect(await recheckDueTiers(fx.db, day(370))).toBe(0);
  });

  it('reads an unknown customer as 0 points in the lowest tier without creating them', async () => {
    const customer = String(newId());
    const status = await getMemberStatus(fx.db, fx.shop, customer);
    expect(status).toMatchObject({ memberId: null, customerId: customer, points: 0, qualifyingPoints: 0, tier: { key: 'bronze' } });
    expect(status.nextTier).toMatchObject({ tier: { key: 'silver', threshold: 500, multiplier: '1.25' }, pointsNeeded: 500 });
    expect(await fx.db.member.count({ where: { customerId: customer } })).toBe(0);
  });
});

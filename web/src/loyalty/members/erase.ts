import type { Db } from '../../db/client.js';
import { memberTransaction } from './transaction.js';

/**
 * `customers/redact`: erases everything on the customer (member, ledger entries, redemptions, order facts with their
 * refunds, data exports), so they read as never seen. Ledger entries and redemptions go with the member row
 * (ON DELETE CASCADE). The member row is locked first, the lock order of the points engine.
 */
export async function eraseCustomer(db: Db, shopId: number, customerId: string): Promise<void> {
  await memberTransaction(db, async (tx) => {
    await tx.$queryRaw`SELECT id FROM members WHERE shop_id = ${shopId} AND customer_id = ${customerId} FOR UPDATE`;
    await tx.$executeRaw`
      WITH orders AS (
        DELETE FROM loyalty_orders WHERE shop_id = ${shopId} AND customer_id = ${customerId} RETURNING order_id
      ),
      refunds AS (
        DELETE FROM order_refunds WHERE shop_id = ${shopId} AND order_id IN (SELECT order_id FROM orders)
      ),
      exports AS (
        DELETE FROM customer_data_exports WHERE shop_id = ${shopId} AND customer_id = ${customerId}
      )
      DELETE FROM members WHERE shop_id = ${shopId} AND customer_id = ${customerId}`;
  });
}

/** JSON-safe: dates as ISO strings, decimals as strings, bigints as strings. */
function plain<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}

/**
 * `customers/data_request`: everything Loyale holds on the customer, as plain JSON: the member with their tier,
 * the ledger, the orders with their refunds, the redemptions.
 */
export async function exportCustomerData(db: Db, shopId: number, customerId: string): Promise<object> {
  const [member, orders] = await Promise.all([
    db.member.findUnique({
      where: { shopId_customerId: { shopId, customerId } },
      include: {
        tier: { select: { name: true } },
        ledger: {
          orderBy: { id: 'asc' },
          select: { delta: true, reason: true, sourceId: true, balanceAfter: true, note: true, createdAt: true },
        },
        redemptions: {
          orderBy: { id: 'asc' },
          select: {
            reward: { select: { name: true } },
            cost: true, code: true, status: true, expiresAt: true, createdAt: true,
          },
        },
        notifications: {
          orderBy: { id: 'asc' },
          select: { kind: true, status: true, subject: true, sentAt: true, createdAt: true },
        },
        campaignGifts: {
          orderBy: { id: 'asc' },
          select: { status: true, points: true, code: true, orderId: true, createdAt: true, run: { select: { campaign: { select: { name: true } } } } },
        },
      },
    }),
    // Chronological, ties by order id: row ids follow arrival, which concurrent deliveries make arbitrary.
    db.loyaltyOrder.findMany({ where: { shopId, customerId }, orderBy: [{ processedAt: 'asc' }, { orderId: 'asc' }] }),
  ]);
  const perkGrants = member
    ? await db.perkGrant.findMany({
        where: { shopId, memberId: member.id },
        orderBy: { id: 'asc' },
        select: { periodKey: true, code: true, status: true, expiresAt: true, createdAt: true },
      })
    : [];
  const refunds = orders.length
    ? await db.orderRefund.findMany({
        where: { shopId, orderId: { in: orders.map((o) => o.orderId) } },
        orderBy: { createdAt: 'asc' },
      })
    : [];

  return plain({
    customerId,
    member: member && {
      email: member.email,
      firstName: member.firstName,
      lastName: member.lastName,
      locale: member.locale,
      points: member.points,
      qualifyingPoints: member.qualifyingPoints,
      pendingPoints: member.pendingPoints,
      tier: member.tier?.name ?? null,
      unsubscribedAt: member.unsubscribedAt,
      tierRecheckAt: member.tierRecheckAt,
      lastOrderAt: member.lastOrderAt,
      memberSince: member.createdAt,
    },
    ledger: member?.ledger ?? [],
    orders: orders.map((o) => ({
      orderId: o.orderId,
      name: o.name,
      subtotal: o.subtotal,
      processedAt: o.processedAt,
      paidAt: o.paidAt,
      cancelledAt: o.cancelledAt,
      multiplier: o.multiplier,
      pointsEarned: o.pointsEarned,
      pointsTakenBack: o.pointsTakenBack,
      refunds: refunds
        .filter((r) => r.orderId === o.orderId)
        .map((r) => ({ refundId: r.refundId, subtotal: r.subtotal, createdAt: r.createdAt, pointsTakenBack: r.pointsTakenBack })),
    })),
    redemptions: (member?.redemptions ?? []).map(({ reward, ...r }) => ({ reward: reward.name, ...r })),
    notifications: member?.notifications ?? [],
    perkGrants,
    surpriseGifts: (member?.campaignGifts ?? []).map(({ run, ...gift }) => ({ campaign: run.campaign.name, ...gift })),
  }) as object;
}

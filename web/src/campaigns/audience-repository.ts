import type { Db } from '../db/client.js';
import { Prisma } from '../generated/prisma/client.js';
import { memberNameSql } from '../loyalty/members/profile.js';
import type { AudienceCandidate } from './rules/audience.js';

export interface AudiencePage {
  candidates: AudienceCandidate[];
  /** Where the next page starts; null after the last page. */
  next: string | null;
}

/**
 * One page of the shop's members with what the audience rules look at: their paid, not cancelled orders (count and
 * latest) and the last time any campaign chose them. Pages follow the unique (shop_id, customer_id) index, and each
 * member's orders and gifts are looked up through (shop_id, customer_id) on loyalty_orders and (member_id,
 * created_at) on campaign_recipients, so a page costs the same in a shop of a million members. `tierIds` narrows the
 * page in SQL already (the rules check it again).
 */
export async function findAudiencePage(
  db: Db,
  shopId: number,
  options: { tierIds: readonly number[] | null; after: string | null; limit: number },
): Promise<AudiencePage> {
  const rows = await db.$queryRaw<(AudienceCandidate & { customerId: string })[]>`
    SELECT m.id AS "memberId", m.customer_id AS "customerId", m.tier_id AS "tierId", m.created_at AS "memberSince",
      COALESCE(o.orders, 0)::int AS orders, o.last_order_at AS "lastOrderAt", g.last_gift_at AS "lastGiftAt"
    FROM members m
    LEFT JOIN LATERAL (
      SELECT count(*) AS orders, max(COALESCE(lo.processed_at, lo.paid_at)) AS last_order_at
      FROM loyalty_orders lo
      WHERE lo.shop_id = m.shop_id AND lo.customer_id = m.customer_id AND lo.paid_at IS NOT NULL AND lo.cancelled_at IS NULL
    ) o ON true
    LEFT JOIN LATERAL (
      SELECT max(r.created_at) AS last_gift_at
      FROM campaign_recipients r
      WHERE r.member_id = m.id AND r.status <> 'failed'
    ) g ON true
    WHERE m.shop_id = ${shopId}
      ${options.after === null ? Prisma.empty : Prisma.sql`AND m.customer_id > ${options.after}`}
      ${options.tierIds === null ? Prisma.empty : Prisma.sql`AND m.tier_id = ANY(${[...options.tierIds]}::int[])`}
    ORDER BY m.customer_id
    LIMIT ${options.limit}`;
  const last = rows.at(-1);
  return {
    candidates: rows.map(({ customerId: _customerId, ...candidate }) => candidate),
    next: rows.length === options.limit && last ? last.customerId : null,
  };
}

export interface MemberSummary {
  memberId: number;
  customerId: string;
  name: string | null;
  email: string | null;
  tier: { id: number; name: string } | null;
}

/** Who these members are (a preview's table), in the order of `memberIds`. */
export async function findMemberSummaries(db: Db, shopId: number, memberIds: readonly number[]): Promise<MemberSummary[]> {
  if (memberIds.length === 0) return [];
  const rows = await db.$queryRaw<(Omit<MemberSummary, 'tier'> & { tierId: number | null; tierName: string | null })[]>`
    SELECT m.id AS "memberId", m.customer_id AS "customerId", ${memberNameSql('m')} AS name, m.email,
      t.id AS "tierId", t.name AS "tierName"
    FROM members m LEFT JOIN tiers t ON t.id = m.tier_id
    WHERE m.shop_id = ${shopId} AND m.id = ANY(${[...memberIds]}::int[])`;
  const byId = new Map(rows.map(({ tierId, tierName, ...row }) => [row.memberId, { ...row, tier: tierId === null ? null : { id: tierId, name: tierName ?? '' } }]));
  return memberIds.flatMap((id) => byId.get(id) ?? []);
}

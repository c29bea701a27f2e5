import type { Db, Tx } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';

/** SQL: a member's display name, first and last name joined (either may be missing); null when it has neither. */
export function memberNameSql(alias: string): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`NULLIF(btrim(COALESCE(${a}.first_name, '') || ' ' || COALESCE(${a}.last_name, '')), '')`;
}

/** What the app knows of a customer besides their points. */
export interface MemberProfile {
  memberId: number;
  customerId: string;
  name: string | null;
  email: string | null;
  locale: string | null;
  /** When the app first met the customer. */
  memberSince: Date;
  lastOrderAt: Date | null;
  /** When the customer turned Loyale's mails off (the link in every mail); null = they get them. */
  unsubscribedAt: Date | null;
}

/** The profile of `customerId` in the shop; null for a customer the app never met (or another shop's). */
export async function findMemberProfile(db: Db | Tx, shopId: number, customerId: string): Promise<MemberProfile | null> {
  const rows = await db.$queryRaw<MemberProfile[]>`
    SELECT m.id AS "memberId", m.customer_id AS "customerId", ${memberNameSql('m')} AS name, m.email, m.locale,
      m.created_at AS "memberSince", m.last_order_at AS "lastOrderAt", m.unsubscribed_at AS "unsubscribedAt"
    FROM members m WHERE m.shop_id = ${shopId} AND m.customer_id = ${customerId}`;
  return rows[0] ?? null;
}

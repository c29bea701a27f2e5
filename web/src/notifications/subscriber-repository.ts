import type { Db } from '../db/client.js';
import { Prisma } from '../generated/prisma/client.js';
import type { UnsubscribeSubject } from './unsubscribe.js';

/** What the unsubscribe page needs of the customer a link is for. */
export interface Subscriber {
  locale: string | null;
  unsubscribed: boolean;
  /** The name the mails are signed with (the sender name, else the shop's name or domain). */
  senderName: string;
}

const SENDER = Prisma.sql`COALESCE(ns.sender_name, s.name, s.domain)`;

/** Null for a customer the app does not know (never met, or erased since the mail was sent). */
export async function findSubscriber(db: Db, subject: UnsubscribeSubject): Promise<Subscriber | null> {
  const rows = await db.$queryRaw<Subscriber[]>`
    SELECT m.locale, m.unsubscribed_at IS NOT NULL AS unsubscribed, ${SENDER} AS "senderName"
    FROM members m JOIN shops s ON s.id = m.shop_id LEFT JOIN notification_settings ns ON ns.shop_id = s.id
    WHERE s.domain = ${subject.shopDomain} AND m.customer_id = ${subject.customerId}`;
  return rows[0] ?? null;
}

/** Turns off every mail to the customer (idempotent: the first time stays); null for a customer the app does not know. */
export async function unsubscribe(db: Db, subject: UnsubscribeSubject, now: Date): Promise<Subscriber | null> {
  const rows = await db.$queryRaw<Subscriber[]>`
    UPDATE members m SET unsubscribed_at = COALESCE(m.unsubscribed_at, ${now}::timestamp), updated_at = ${now}::timestamp
    FROM shops s LEFT JOIN notification_settings ns ON ns.shop_id = s.id
    WHERE s.id = m.shop_id AND s.domain = ${subject.shopDomain} AND m.customer_id = ${subject.customerId}
    RETURNING m.locale, true AS unsubscribed, ${SENDER} AS "senderName"`;
  return rows[0] ?? null;
}

/** How many of the shop's customers turned Loyale's mails off (erased customers are gone, and not counted). */
export async function countUnsubscribed(db: Db, shopId: number): Promise<number> {
  const rows = await db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM members WHERE shop_id = ${shopId} AND unsubscribed_at IS NOT NULL`;
  return rows[0]?.count ?? 0;
}

import { Decimal } from 'decimal.js';
import type { Db, Tx } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { TierRecord } from '../../program/repository.js';
import type { CustomerProfile } from '../customers/payloads.js';

/**
 * The member id of `customerId` in the shop, enrolling the customer if the app has not met them yet.
 * One statement, safe under concurrent first contacts.
 */
export async function ensureMember(tx: Db | Tx, shopId: number, customerId: string): Promise<number> {
  const rows = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO members (shop_id, customer_id, updated_at) VALUES (${shopId}, ${customerId}, now())
    ON CONFLICT (shop_id, customer_id) DO UPDATE SET customer_id = EXCLUDED.customer_id
    RETURNING id`;
  const row = rows[0];
  if (!row) throw new Error('members upsert returned no row');
  return row.id;
}

/** Locks the member's row until the transaction ends: serializes work on one member's orders. */
export async function lockMember(tx: Tx, memberId: number): Promise<void> {
  await tx.$queryRaw`SELECT id FROM members WHERE id = ${memberId} FOR UPDATE`;
}

/** A member row as the points engine reads it. */
export interface MemberState {
  id: number;
  shopId: number;
  customerId: string;
  points: number;
  qualifyingPoints: number;
  /** Points of orders not spendable yet (approval period, awaiting fulfilment); not part of `points`. */
  pendingPoints: number;
  tierId: number | null;
  tierRecheckAt: Date | null;
  lastOrderAt: Date | null;
}

type MemberRow = Omit<MemberState, 'id'> & { id: number | null; tiers?: TierRecord[] | string | null };

/** SQL: the shop's tiers as one JSON array, ascending by threshold, so a member and its tiers come in one round trip. */
export function tiersJson(shopId: number): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(json_agg(json_build_object('id', t.id, 'key', t.key, 'name', t.name,
      'threshold', t.threshold, 'multiplier', t.multiplier::text) ORDER BY t.threshold), '[]'::json)
    FROM tiers t WHERE t.shop_id = ${shopId})`;
}

/** Tiers read with `tiersJson`, multipliers in findProgram's decimal form ("1.25", not numeric(8,4)'s "1.2500"). */
export function parseTiers(value: TierRecord[] | string | null): TierRecord[] {
  const tiers = typeof value === 'string' ? (JSON.parse(value) as TierRecord[]) : (value ?? []);
  return tiers.map((t) => ({ ...t, multiplier: new Decimal(t.multiplier).toString() }));
}

/** The member columns of `alias`, named as MemberState. */
function memberColumns(alias: string): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`${a}.id, ${a}.shop_id AS "shopId", ${a}.customer_id AS "customerId", ${a}.points,
    ${a}.qualifying_points AS "qualifyingPoints", ${a}.pending_points AS "pendingPoints", ${a}.tier_id AS "tierId",
    ${a}.tier_recheck_at AS "tierRecheckAt", ${a}.last_order_at AS "lastOrderAt"`;
}

function readRow(row: MemberRow | undefined): { member: MemberState | null; tiers: TierRecord[] } {
  if (!row) return { member: null, tiers: [] };
  const { tiers, id, ...rest } = row;
  return { member: id === null ? null : { id, ...rest }, tiers: parseTiers(tiers ?? null) };
}

/**
 * `customers/create|update`: enrolls the customer (or finds them) and stores the profile as given: a field left
 * undefined keeps its value, null clears it. One statement; the member row stays locked until the transaction ends.
 */
export async function enrollMember(tx: Db | Tx, shopId: number, profile: CustomerProfile): Promise<MemberState> {
  const field = (column: string, value: string | null | undefined) => {
    const c = Prisma.raw(column);
    return { value: value ?? null, update: Prisma.sql`${c} = CASE WHEN ${value !== undefined}::boolean THEN EXCLUDED.${c} ELSE mb.${c} END` };
  };
  const fields = [
    field('email', profile.email),
    field('first_name', profile.firstName),
    field('last_name', profile.lastName),
    field('locale', profile.locale),
  ];
  const rows = await tx.$queryRaw<MemberRow[]>`
    WITH m AS (
      INSERT INTO members AS mb (shop_id, customer_id, email, first_name, last_name, locale, updated_at)
      VALUES (${shopId}, ${profile.customerId}, ${Prisma.join(fields.map((f) => Prisma.sql`${f.value}::text`))}, now())
      ON CONFLICT (shop_id, customer_id) DO UPDATE SET ${Prisma.join(fields.map((f) => f.update))}, updated_at = now()
      RETURNING mb.*
    )
    SELECT ${memberColumns('m')} FROM m`;
  const { member } = readRow(rows[0]);
  if (!member) throw new Error('members upsert returned no row');
  return member;
}

/** Locks an existing member row until the transaction ends and reads it; null when the member is gone. */
export async function lockMemberState(tx: Tx, memberId: number): Promise<MemberState | null> {
  const rows = await tx.$queryRaw<MemberRow[]>`
    SELECT ${memberColumns('m')} FROM members m WHERE m.id = ${memberId} FOR UPDATE`;
  return readRow(rows[0]).member;
}

/** The member of `customerId` (null if the app has not met them) and the shop's tiers, in one round trip. */
export async function findMemberState(
  db: Db | Tx,
  shopId: number,
  customerId: string,
): Promise<{ member: MemberState | null; tiers: TierRecord[] }> {
  const rows = await db.$queryRaw<MemberRow[]>`
    SELECT ${memberColumns('m')}, ${tiersJson(shopId)} AS tiers
    FROM (SELECT 1) AS one LEFT JOIN members m ON m.shop_id = ${shopId} AND m.customer_id = ${customerId}`;
  return readRow(rows[0]);
}

/** Moves a member's tier recheck to `at` (a settle that failed is tried again then, after the others due). */
export async function postponeRecheck(db: Db | Tx, memberId: number, at: Date): Promise<void> {
  await db.$executeRaw`UPDATE members SET tier_recheck_at = ${at}::timestamp WHERE id = ${memberId}`;
}

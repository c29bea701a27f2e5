import type { Db, Tx } from '../../db/client.js';

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

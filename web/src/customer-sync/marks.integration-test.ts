import { describe, expect, it } from 'vitest';
import { useLoyaltyShop } from '../loyalty/test-fixture.js';

/**
 * The database marks members for the customer sync (triggers on members): a new member, and a member whose points,
 * qualifying points or tier changed, whoever wrote the row; a change of anything else marks nothing.
 */
const f = useLoyaltyShop('sync-marks.myshopify.com');

interface Mark {
  member_id: number;
  version: number;
  dirty: boolean;
}

async function addMembers(count: number): Promise<number[]> {
  const ids = Array.from({ length: count }, () => String(f.newId()));
  const rows = await f.db.$queryRaw<{ id: number }[]>`
    INSERT INTO members (shop_id, customer_id, updated_at)
    SELECT ${f.shop.id}, c, now() FROM unnest(${ids}::text[]) AS c RETURNING id`;
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

async function marks(memberIds: number[]): Promise<Mark[]> {
  return f.db.$queryRaw<Mark[]>`
    SELECT member_id, version, dirty_since IS NOT NULL AS dirty FROM customer_sync
    WHERE member_id = ANY(${memberIds}::int[]) ORDER BY member_id`;
}

/** What a finished sync leaves: clean rows. */
async function markSynced(memberIds: number[]): Promise<void> {
  await f.db.$executeRaw`UPDATE customer_sync SET dirty_since = NULL WHERE member_id = ANY(${memberIds}::int[])`;
}

describe('customer sync marks', () => {
  it('a multi-row insert marks every new member once, dirty at version 1', async () => {
    const ids = await addMembers(3);
    expect(await marks(ids)).toEqual(ids.map((id) => ({ member_id: id, version: 1, dirty: true })));
  });

  it('one update statement marks exactly the members whose points, qualifying points or tier changed', async () => {
    const [points, qualifying, tier, nameOnly, unchanged] = await addMembers(5);
    const all = [points!, qualifying!, tier!, nameOnly!, unchanged!];
    await markSynced(all);
    const tierId = (await f.db.tier.findFirstOrThrow({ where: { shopId: f.shop.id }, orderBy: { threshold: 'desc' } })).id;

    await f.db.$executeRaw`
      UPDATE members SET
        points = points + CASE WHEN id = ${points} THEN 10 ELSE 0 END,
        qualifying_points = qualifying_points + CASE WHEN id = ${qualifying} THEN 5 ELSE 0 END,
        tier_id = CASE WHEN id = ${tier} THEN ${tierId} ELSE tier_id END,
        first_name = CASE WHEN id = ${nameOnly} THEN 'Renamed' ELSE first_name END,
        updated_at = now()
      WHERE id = ANY(${all}::int[])`;

    expect(await marks(all)).toEqual([
      { member_id: points, version: 2, dirty: true },
      { member_id: qualifying, version: 2, dirty: true },
      { member_id: tier, version: 2, dirty: true },
      { member_id: nameOnly, version: 1, dirty: false },
      { member_id: unchanged, version: 1, dirty: false },
    ]);
  });

  it('a member changed again before its sync stays dirty since the first change, one version per statement', async () => {
    const [id] = await addMembers(1);
    const [first] = await f.db.$queryRaw<{ since: Date }[]>`SELECT dirty_since AS since FROM customer_sync WHERE member_id = ${id}`;
    await f.db.$executeRaw`UPDATE members SET points = points + 1 WHERE id = ${id}`;
    await f.db.$executeRaw`UPDATE members SET points = points + 1 WHERE id = ${id}`;

    const [after] = await f.db.$queryRaw<{ since: Date; version: number }[]>`
      SELECT dirty_since AS since, version FROM customer_sync WHERE member_id = ${id}`;
    expect(after).toEqual({ since: first!.since, version: 3 });
  });
});

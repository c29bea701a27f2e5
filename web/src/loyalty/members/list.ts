import type { Db } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { memberNameSql } from './profile.js';

export const MEMBER_SORTS = ['points_desc', 'points_asc', 'name_asc'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

/** Where a member stands in a sort: its sort key (points, or the lower-cased name) and its id (the tie-breaker). */
export interface MemberPosition {
  key: number | string;
  id: number;
}

export interface MemberListQuery {
  sort: MemberSort;
  /** 1..100 */
  limit: number;
  /** Only members of this tier. */
  tierId?: number;
  /** A substring of name or email, any case. */
  search?: string;
  /** The page after or before a position; without it the first page. */
  page?: { direction: 'after' | 'before'; position: MemberPosition };
}

export interface MemberListItem {
  memberId: number;
  customerId: string;
  name: string | null;
  email: string | null;
  points: number;
  tier: { id: number; name: string } | null;
  lastOrderAt: Date | null;
  position: MemberPosition;
}

export interface MemberListPage {
  members: MemberListItem[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/**
 * Each sort is served by a keyset index (migration 20261123150000_admin_api): (shop_id, points, id) and
 * (shop_id, name_key, id), each also with tier_id after shop_id for the tier filter. `name_key` is the lower-cased
 * name, or the email for a customer without one.
 */
const SORTS: Record<MemberSort, { key: Prisma.Sql; type: Prisma.Sql; descending: boolean }> = {
  points_desc: { key: Prisma.sql`m.points`, type: Prisma.sql`int`, descending: true },
  points_asc: { key: Prisma.sql`m.points`, type: Prisma.sql`int`, descending: false },
  name_asc: { key: Prisma.sql`m.name_key`, type: Prisma.sql`text`, descending: false },
};

/** The kind of value a sort's key is (what a cursor of that sort must hold). */
export const sortKeyKind = (sort: MemberSort): 'number' | 'string' => (sort === 'name_asc' ? 'string' : 'number');

/** LIKE matches `%`, `_` and `\` literally only when escaped. */
const likeSubstring = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

function filters(shopId: number, query: MemberListQuery): Prisma.Sql {
  const conditions = [Prisma.sql`m.shop_id = ${shopId}`];
  if (query.tierId !== undefined) conditions.push(Prisma.sql`m.tier_id = ${query.tierId}`);
  // search_text is lower(first || last || email); its trigram GIN index is on member_search (kept off members, whose
  // rows every balance change rewrites), which serves the substring match.
  if (query.search) {
    conditions.push(Prisma.sql`m.id IN (SELECT s.member_id FROM member_search s
      WHERE s.shop_id = ${shopId} AND s.search_text LIKE lower(${likeSubstring(query.search)}))`);
  }
  return Prisma.join(conditions, ' AND ');
}

/** `(key, id) <op> (position)`: a row comparison, which the keyset index answers as one range. */
function beyond(query: MemberListQuery, position: MemberPosition, op: '<' | '>' | '<=' | '>='): Prisma.Sql {
  const sort = SORTS[query.sort];
  return Prisma.sql`(${sort.key}, m.id) ${Prisma.raw(op)} (${position.key}::${sort.type}, ${position.id}::int)`;
}

/**
 * The statement reading one page: `limit + 1` rows in the direction of travel (the extra row tells whether there
 * is more that way). Exported for the benchmark (bench/customers.ts), which EXPLAINs exactly this.
 */
export function memberPageSql(shopId: number, query: MemberListQuery): Prisma.Sql {
  const sort = SORTS[query.sort];
  const backward = query.page?.direction === 'before';
  // Walking backward reads the sort reversed from the cursor, then the page is turned around.
  const descending = sort.descending !== backward;
  const direction = Prisma.raw(descending ? 'DESC' : 'ASC');
  const seek = query.page ? Prisma.sql`AND ${beyond(query, query.page.position, descending ? '<' : '>')}` : Prisma.empty;
  return Prisma.sql`
    SELECT m.id AS "memberId", m.customer_id AS "customerId", ${memberNameSql('m')} AS name, m.email, m.points,
      t.id AS "tierId", t.name AS "tierName", m.last_order_at AS "lastOrderAt", ${sort.key} AS "sortKey"
    FROM members m LEFT JOIN tiers t ON t.id = m.tier_id
    WHERE ${filters(shopId, query)} ${seek}
    ORDER BY ${sort.key} ${direction}, m.id ${direction}
    LIMIT ${query.limit + 1}`;
}

interface PageRow {
  memberId: number;
  customerId: string;
  name: string | null;
  email: string | null;
  points: number;
  tierId: number | null;
  tierName: string | null;
  lastOrderAt: Date | null;
  sortKey: number | string;
}

/** True when a member matching the filters stands at or behind the cursor, seen from the direction of travel. */
async function anyBehind(db: Db, shopId: number, query: MemberListQuery, page: NonNullable<MemberListQuery['page']>) {
  const descending = SORTS[query.sort].descending !== (page.direction === 'before');
  const rows = await db.$queryRaw<{ found: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM members m WHERE ${filters(shopId, query)}
      AND ${beyond(query, page.position, descending ? '>=' : '<=')}) AS found`;
  return rows[0]?.found ?? false;
}

/**
 * One page of the shop's members in keyset order: whatever the page's depth, the database reads only the page's
 * rows from an index (no OFFSET). `hasPreviousPage`/`hasNextPage` are exact: the extra row looks ahead, and a
 * cursor's other side is probed with one index lookup.
 */
export async function listMembers(db: Db, shopId: number, query: MemberListQuery): Promise<MemberListPage> {
  const [rows, behind] = await Promise.all([
    db.$queryRaw<PageRow[]>(memberPageSql(shopId, query)),
    query.page ? anyBehind(db, shopId, query, query.page) : Promise.resolve(false),
  ]);
  const ahead = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  if (query.page?.direction === 'before') page.reverse();
  const members = page.map((r) => ({
    memberId: r.memberId,
    customerId: r.customerId,
    name: r.name,
    email: r.email,
    points: r.points,
    tier: r.tierId === null || r.tierName === null ? null : { id: r.tierId, name: r.tierName },
    lastOrderAt: r.lastOrderAt,
    position: { key: r.sortKey, id: r.memberId },
  }));
  const backward = query.page?.direction === 'before';
  return {
    members,
    hasNextPage: backward ? behind : ahead,
    hasPreviousPage: backward ? ahead : behind,
  };
}

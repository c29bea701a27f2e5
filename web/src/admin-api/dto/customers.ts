import { z } from 'zod';
import type { LedgerEntryRecord, LedgerPage } from '../../loyalty/ledger/entries.js';
import type { CustomerDetail } from '../../loyalty/members/detail.js';
import {
  MEMBER_SORTS,
  sortKeyKind,
  type MemberListPage,
  type MemberListQuery,
  type MemberSort,
} from '../../loyalty/members/list.js';
import { decodeCursor, encodeCursor } from '../../pagination/cursor.js';
import { domainCheck } from '../../validation/field-errors.js';
import type { Assert, Equals, Extends } from '../wire/checks.js';
import type * as Wire from '../wire/index.js';
import { afterParam, idField, isoOrNull, limitParam, newestFirstCursorOf, text, textRule } from './common.js';

// The wire's lists are the server's: a new ledger reason or sort must be added to the wire types too.
type _LedgerReasons = Assert<Equals<LedgerEntryRecord['reason'], Wire.LedgerReason>>;
type _Sorts = Assert<Equals<MemberSort, Wire.CustomerSort>>;

/** A customer list cursor: the sort it belongs to, the row's sort key and its member id. */
const int4 = z.number().int().min(-2_147_483_648).max(2_147_483_647);
// A name key is echoed back as stored (it may hold a tab, never a NUL): the text rule's `stored` kind.
const memberCursor = z.object({ s: z.enum(MEMBER_SORTS), k: z.union([int4, textRule(z.string().max(1000), 'stored')]), i: int4.positive() });

/** `GET /api/customers`: search, tier filter, sort and one cursor (after or before). */
export const customersQuery = z
  .object({
    query: text(200).optional(),
    tier: idField.optional(),
    sort: z.enum(MEMBER_SORTS).default('points_desc'),
    limit: limitParam,
    after: z.string().optional(),
    before: z.string().optional(),
  })
  .transform((q, ctx): MemberListQuery => {
    const query: MemberListQuery = { sort: q.sort, limit: q.limit };
    if (q.query) query.search = q.query;
    if (q.tier !== undefined) query.tierId = q.tier;
    if (q.after !== undefined && q.before !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['before'], ...domainCheck('cursor_conflict') });
      return z.NEVER;
    }
    const direction = q.after !== undefined ? 'after' : 'before';
    const cursor = q.after ?? q.before;
    if (cursor === undefined) return query;
    const position = decodeCursor(memberCursor, cursor);
    if (!position || position.s !== q.sort || typeof position.k !== sortKeyKind(q.sort)) {
      ctx.addIssue({ code: 'custom', path: [direction], ...domainCheck('cursor_invalid') });
      return z.NEVER;
    }
    return { ...query, page: { direction, position: { key: position.k, id: position.i } } };
  });

type _CustomersQuery = Assert<Extends<Wire.CustomerListQuery, z.input<typeof customersQuery>>>;

const tierJson = (tier: { id: number; name: string } | null) => (tier ? { id: String(tier.id), name: tier.name } : null);

export function toCustomerListJson(page: MemberListPage, sort: MemberSort): Wire.CustomerList {
  const cursors = page.members.map((m) => encodeCursor({ s: sort, k: m.position.key, i: m.position.id }));
  return {
    customers: page.members.map((m) => ({
      customerId: m.customerId,
      name: m.name,
      email: m.email,
      points: m.points,
      tier: tierJson(m.tier),
      lastOrderAt: isoOrNull(m.lastOrderAt),
    })),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: cursors[0] ?? null,
      endCursor: cursors.at(-1) ?? null,
    },
  };
}

export function toCustomerDetailJson(c: CustomerDetail): Wire.CustomerDetail {
  return {
    customerId: c.customerId,
    name: c.name,
    email: c.email,
    locale: c.locale,
    points: c.points,
    qualifyingPoints: c.qualifyingPoints,
    pendingPoints: c.pendingPoints,
    tier: tierJson(c.tier),
    nextTier: c.nextTier ? { id: String(c.nextTier.tier.id), name: c.nextTier.tier.name, pointsNeeded: c.nextTier.pointsNeeded } : null,
    memberSince: c.memberSince.toISOString(),
    lastOrderAt: isoOrNull(c.lastOrderAt),
    unsubscribedAt: isoOrNull(c.unsubscribedAt),
  };
}

/** `GET /api/customers/:customerId/ledger?limit=&after=`. */
export const ledgerQuery = z.object({ limit: limitParam, after: afterParam.optional() });

type _LedgerQuery = Assert<Extends<Wire.LedgerQuery, z.input<typeof ledgerQuery>>>;

export function toLedgerEntryJson(e: LedgerEntryRecord): Wire.LedgerEntry {
  return {
    id: String(e.id),
    createdAt: e.createdAt.toISOString(),
    delta: e.delta,
    reason: e.reason,
    balanceAfter: e.balanceAfter,
    sourceId: e.sourceId,
    note: e.note,
    actor: e.actor,
  };
}

export function toLedgerPageJson(page: LedgerPage): Wire.LedgerPage {
  const last = page.entries.at(-1);
  return {
    entries: page.entries.map(toLedgerEntryJson),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? newestFirstCursorOf(last) : null },
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendLedgerEntry } from '../loyalty/ledger/repository.js';
import { enrollMember } from '../loyalty/members/repository.js';
import { memberTransaction } from '../loyalty/members/transaction.js';
import { encodeCursor } from '../pagination/cursor.js';
import { recomputeMemberTiers } from '../program/settings-repository.js';
import type { toCustomerDetailJson, toCustomerListJson, toLedgerPageJson } from './dto/customers.js';
import { expectInvalidInput, startAdminApiFixture, type AdminApiFixture, type ErrorJson, type ShopClient } from './test-fixture.js';

type ListJson = ReturnType<typeof toCustomerListJson>;
type Customer = ListJson['customers'][number];

let f: AdminApiFixture;
let other: ShopClient;

interface Person {
  customerId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  points: number;
  qualifyingPoints?: number;
}

// Ties on points and on names, missing names and emails, umlauts and mixed case: every sort needs its tie-breaker.
const PEOPLE: Person[] = [
  { customerId: '101', firstName: 'Anna', lastName: 'Schmidt', email: 'anna@example.de', points: 120 },
  { customerId: '102', firstName: 'jürgen', lastName: 'Müller', email: 'jm@example.org', points: 80 },
  { customerId: '103', firstName: 'Jürgen', lastName: 'Müller', email: 'jm2@example.org', points: 80 },
  { customerId: '104', firstName: null, lastName: null, email: 'zora@example.de', points: 5 },
  { customerId: '105', firstName: 'Ömer', lastName: null, email: null, points: -30 },
  { customerId: '106', firstName: null, lastName: 'Bauer', email: 'bauer@example.de', points: 0 },
  { customerId: '107', firstName: 'Clara', lastName: 'Zimmer', email: 'clara@example.org', points: 2500, qualifyingPoints: 2500 },
  { customerId: '108', firstName: 'Ben', lastName: 'Krüger', email: 'ben@example.de', points: 700, qualifyingPoints: 700 },
  { customerId: '109', firstName: 'Eva', lastName: 'Lang', email: 'eva_lang@example.de', points: 700, qualifyingPoints: 600 },
  { customerId: '110', firstName: 'Anna', lastName: 'Schmidt', email: 'anna.s@example.com', points: 120 },
  { customerId: '111', firstName: 'Paul', lastName: 'Frei', email: 'paul@example.com', points: 15 },
  { customerId: '112', firstName: 'Ida', lastName: 'Ernst', email: 'ida@example.com', points: 80 },
  { customerId: '113', firstName: 'Tom', lastName: 'Weber', email: 'tom@example.com', points: 300 },
];
const memberIds = new Map<string, number>();

async function seed(shopId: number, person: Person): Promise<number> {
  const member = await enrollMember(f.db, shopId, person);
  await memberTransaction(f.db, async (tx) => {
    if (person.points !== 0) {
      await appendLedgerEntry(tx, { shopId, memberId: member.id, delta: person.points, reason: 'manual_adjustment', idempotencyKey: `seed:${person.customerId}` });
    }
    await tx.member.update({ where: { id: member.id }, data: { qualifyingPoints: person.qualifyingPoints ?? 0 } });
  });
  return member.id;
}

beforeAll(async () => {
  f = await startAdminApiFixture();
  other = await f.addShop('other-shop.myshopify.com');
  for (const person of PEOPLE) memberIds.set(person.customerId, await seed(f.shop.id, person));
  await seed(other.id, { customerId: '901', firstName: 'Anna', lastName: 'Anderswo', email: 'anna@other.example', points: 999 });
  await memberTransaction(f.db, (tx) => recomputeMemberTiers(tx, f.shop.id));
});

afterAll(async () => {
  await f?.close();
});

const nameOf = (p: Person) => [p.firstName ?? '', p.lastName ?? ''].join(' ').trim() || null;
const idOf = (p: Person) => memberIds.get(p.customerId) ?? 0;
const byPointsDesc = (a: Person, b: Person) => b.points - a.points || idOf(b) - idOf(a);
const byPointsAsc = (a: Person, b: Person) => a.points - b.points || idOf(a) - idOf(b);
const nameKey = (p: Person) => (nameOf(p) ?? p.email ?? '').toLowerCase();
const byName = (a: Person, b: Person) => (nameKey(a) < nameKey(b) ? -1 : nameKey(a) > nameKey(b) ? 1 : idOf(a) - idOf(b));

async function list(params: Record<string, string>) {
  const res = await f.shop.api<ListJson>('GET', `/customers?${new URLSearchParams(params).toString()}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** Every page forward, then every page back from the last; both must list exactly `expected`, in order. */
async function walk(params: Record<string, string>, expected: Person[]) {
  const forward: Customer[] = [];
  const pages: ListJson[] = [];
  let page = await list(params);
  expect(page.pageInfo.hasPreviousPage).toBe(false);
  for (;;) {
    pages.push(page);
    forward.push(...page.customers);
    if (!page.pageInfo.hasNextPage) break;
    expect(page.pageInfo.endCursor).toEqual(expect.any(String));
    page = await list({ ...params, after: page.pageInfo.endCursor ?? '' });
    expect(page.pageInfo.hasPreviousPage).toBe(true);
  }
  expect(forward.map((c) => c.customerId)).toEqual(expected.map((p) => p.customerId));

  const backward: Customer[] = [...page.customers];
  let back = page;
  while (back.pageInfo.hasPreviousPage) {
    back = await list({ ...params, before: back.pageInfo.startCursor ?? '' });
    expect(back.pageInfo.hasNextPage).toBe(true);
    backward.unshift(...back.customers);
  }
  expect(backward.map((c) => c.customerId)).toEqual(expected.map((p) => p.customerId));
  // Paging back lands on the same pages as paging forward.
  expect(back.customers).toEqual(pages[0]?.customers);
  return forward;
}

describe('GET /api/customers', () => {
  it('lists the shop’s members with name, email, points, tier and last order, highest points first', async () => {
    const page = await list({});
    expect(page.customers.map((c) => c.customerId)).toEqual([...PEOPLE].sort(byPointsDesc).map((p) => p.customerId));
    expect(page.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: expect.any(String), endCursor: expect.any(String) });
    expect(page.customers.find((c) => c.customerId === '107')).toEqual({
      customerId: '107', name: 'Clara Zimmer', email: 'clara@example.org', points: 2500, tier: { id: expect.any(String), name: 'Gold' }, lastOrderAt: null,
    });
    expect(page.customers.find((c) => c.customerId === '104')).toMatchObject({ name: null, email: 'zora@example.de', tier: { name: 'Bronze' } });
    expect(page.customers.find((c) => c.customerId === '105')).toMatchObject({ name: 'Ömer', email: null, points: -30 });
    expect(page.customers.find((c) => c.customerId === '106')).toMatchObject({ name: 'Bauer' });
    expect(page.customers.some((c) => c.customerId === '901')).toBe(false); // another shop's member
  });

  it.each([
    ['points_desc', byPointsDesc],
    ['points_asc', byPointsAsc],
    ['name_asc', byName],
  ] as const)('pages through %s forward and back without duplicates or gaps', async (sort, order) => {
    await walk({ sort, limit: '4' }, [...PEOPLE].sort(order));
    await walk({ sort, limit: '1' }, [...PEOPLE].sort(order));
  });

  it('finds members by a substring of name or email in any case, and only the shop’s own', async () => {
    const ids = async (query: string) => (await list({ query })).customers.map((c) => c.customerId).sort();
    expect(await ids('MÜLLER')).toEqual(['102', '103']);
    expect(await ids('anna')).toEqual(['101', '110']);
    expect(await ids('example.org')).toEqual(['102', '103', '107']);
    expect(await ids('nna sch')).toEqual(['101', '110']);
    expect(await ids('a_l')).toEqual(['109']); // `_` is literal, not a LIKE wildcard
    expect(await ids('%')).toEqual([]);
    expect(await ids('nobody')).toEqual([]);
    const matches = PEOPLE.filter((p) => `${nameOf(p) ?? ''} ${p.email ?? ''}`.toLowerCase().includes('e'));
    await walk({ query: 'E', sort: 'name_asc', limit: '3' }, matches.sort(byName));
  });

  it('finds a member by their new name or email once it changed, not by the old one', async () => {
    const ids = async (query: string) => (await list({ query })).customers.map((c) => c.customerId).sort();
    const tom = memberIds.get('113') as number;
    await f.db.member.update({ where: { id: tom }, data: { firstName: 'Thomas', email: 'thomas.weber@example.net' } });
    try {
      expect(await ids('thomas')).toEqual(['113']);
      expect(await ids('example.net')).toEqual(['113']);
      expect(await ids('tom@')).toEqual([]);
      // A balance change leaves the search as it was.
      await memberTransaction(f.db, (tx) =>
        appendLedgerEntry(tx, { shopId: f.shop.id, memberId: tom, delta: 1, reason: 'manual_adjustment', idempotencyKey: 'search:113' }),
      );
      expect(await ids('thomas weber')).toEqual(['113']);
    } finally {
      await f.db.member.update({ where: { id: tom }, data: { firstName: 'Tom', email: 'tom@example.com' } });
      await memberTransaction(f.db, (tx) =>
        appendLedgerEntry(tx, { shopId: f.shop.id, memberId: tom, delta: -1, reason: 'manual_adjustment', idempotencyKey: 'search:113:back' }),
      );
    }
    expect(await ids('tom@')).toEqual(['113']);
    expect(await ids('thomas')).toEqual([]);
  });

  it('filters by tier, with every sort and paging', async () => {
    const settings = await f.shop.api<{ tiers: { id: string; name: string }[] }>('GET', '/program/settings');
    const silver = settings.body.tiers.find((t) => t.name === 'Silber');
    const bronze = settings.body.tiers.find((t) => t.name === 'Bronze');
    const silverPeople = PEOPLE.filter((p) => (p.qualifyingPoints ?? 0) >= 500 && (p.qualifyingPoints ?? 0) < 2000);
    expect(silverPeople.length).toBe(2);
    await walk({ tier: silver?.id ?? '', sort: 'points_desc', limit: '1' }, [...silverPeople].sort(byPointsDesc));
    await walk({ tier: silver?.id ?? '', sort: 'name_asc', limit: '1' }, [...silverPeople].sort(byName));
    const bronzePeople = PEOPLE.filter((p) => (p.qualifyingPoints ?? 0) < 500);
    await walk({ tier: bronze?.id ?? '', sort: 'points_asc', limit: '5' }, [...bronzePeople].sort(byPointsAsc));
    const all = await list({ tier: bronze?.id ?? '', query: 'anna' });
    expect(all.customers.map((c) => c.customerId).sort()).toEqual(['101', '110']);
  });

  it.each<[string, Record<string, string>, string]>([
    ['a limit of 0', { limit: '0' }, 'limit'],
    ['a limit above 100', { limit: '101' }, 'limit'],
    ['an unknown sort', { sort: 'email' }, 'sort'],
    ['a tier that is not an id', { tier: 'gold' }, 'tier'],
    ['a made-up cursor', { after: 'bm90LWEtY3Vyc29y' }, 'after'],
    ['both after and before', { after: 'x', before: 'y' }, 'before'],
    // Postgres refuses NUL in text (it was a 500); other control characters mean nothing in a search.
    ['a NUL in the search', { query: 'a\u0000b' }, 'query'],
    ['a search of a NUL alone', { query: '\u0000' }, 'query'],
    ['a tab in the search', { query: 'a\tb' }, 'query'],
    ['a cursor whose name key holds a NUL', { sort: 'name_asc', after: encodeCursor({ s: 'name_asc', k: 'a\u0000b', i: 1 }) }, 'after'],
    ['a cursor whose name key is not well-formed', { sort: 'name_asc', before: encodeCursor({ s: 'name_asc', k: 'a\ud800b', i: 1 }) }, 'before'],
  ])('answers 422 for %s, in English and German', async (_name, params, field) => {
    const path = `/customers?${new URLSearchParams(params).toString()}`;
    await expectInvalidInput((language) => f.shop.api<ErrorJson>('GET', path, undefined, { language }), [field]);
  });

  it.each([
    ['en', 'Not a cursor of this list; start from the first page'],
    ['de', 'Kein Cursor dieser Liste; beginne auf der ersten Seite'],
  ])('says what is wrong with a cursor in %s', async (language, message) => {
    const res = await f.shop.api<ErrorJson>('GET', '/customers?after=bm90LWEtY3Vyc29y', undefined, { language });
    expect(res.body.details?.fieldErrors).toEqual({ after: message });
    expect(res.body.details?.fieldErrorCodes).toEqual({ after: { code: 'cursor_invalid', params: {} } });
  });

  it.each([
    ['en', 'Use a single line without tabs or other control characters'],
    ['de', 'Verwende eine einzige Zeile ohne Tabulatoren oder andere Steuerzeichen'],
  ])('says what is wrong with a search holding a NUL in %s', async (language, message) => {
    const res = await f.shop.api<ErrorJson>('GET', '/customers?query=%00', undefined, { language });
    expect(res.status).toBe(422);
    expect(res.body.details?.fieldErrors).toEqual({ query: message });
    expect(res.body.details?.fieldErrorCodes).toEqual({ query: { code: 'text_single_line', params: {} } });
  });

  it('still pages through a name that holds a tab (a cursor echoes what is stored)', async () => {
    const tabbed = memberIds.get('112') as number;
    await f.db.member.update({ where: { id: tabbed }, data: { firstName: 'Ida\tMaria' } });
    try {
      const first = await list({ sort: 'name_asc', query: 'ida', limit: '1' });
      expect(first.customers.map((c) => c.customerId)).toEqual(['112']);
      const next = await f.shop.api<ListJson>('GET', `/customers?sort=name_asc&after=${first.pageInfo.endCursor ?? ''}`);
      expect(next.status).toBe(200);
    } finally {
      await f.db.member.update({ where: { id: tabbed }, data: { firstName: 'Ida' } });
    }
  });

  it('refuses a cursor of another sort', async () => {
    const byNamePage = await list({ sort: 'name_asc', limit: '2' });
    const res = await f.shop.api<ErrorJson>('GET', `/customers?sort=points_desc&after=${byNamePage.pageInfo.endCursor ?? ''}`);
    expect(res.status).toBe(422);
    expect(res.body.details?.fieldErrors).toHaveProperty('after');
  });
});

describe('GET /api/customers/:customerId', () => {
  it('gives profile, balance, qualifying points, tier and next tier', async () => {
    const res = await f.shop.api<ReturnType<typeof toCustomerDetailJson>>('GET', '/customers/108');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      customerId: '108',
      name: 'Ben Krüger',
      email: 'ben@example.de',
      locale: null,
      points: 700,
      qualifyingPoints: 700,
      pendingPoints: 0,
      tier: { id: expect.any(String), name: 'Silber' },
      nextTier: { id: expect.any(String), name: 'Gold', pointsNeeded: 1300 },
      memberSince: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      lastOrderAt: null,
      unsubscribedAt: null,
    });
  });

  it('answers 404 for a customer the app never met, and for another shop’s customer', async () => {
    expect((await f.shop.api('GET', '/customers/424242')).status).toBe(404);
    expect((await f.shop.api('GET', '/customers/901')).status).toBe(404);
    expect((await other.api('GET', '/customers/901')).status).toBe(200);
  });
});

describe('GET /api/customers/:customerId/ledger', () => {
  type LedgerJson = ReturnType<typeof toLedgerPageJson>;

  it('lists the entries newest first, a page at a time', async () => {
    for (const delta of [10, -4, 7]) {
      const res = await f.shop.api('POST', '/customers/111/adjustments', { delta, reason: `change ${delta}` }, { userId: '77' });
      expect(res.status).toBe(201);
    }
    const first = await f.shop.api<LedgerJson>('GET', '/customers/111/ledger?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.entries).toEqual([
      { id: expect.any(String), createdAt: expect.any(String), delta: 7, reason: 'manual_adjustment', balanceAfter: 28, sourceId: null, note: 'change 7', actor: '77' },
      expect.objectContaining({ delta: -4, balanceAfter: 21, note: 'change -4' }),
    ]);
    expect(first.body.pageInfo.hasNextPage).toBe(true);
    const second = await f.shop.api<LedgerJson>('GET', `/customers/111/ledger?limit=2&after=${first.body.pageInfo.endCursor ?? ''}`);
    expect(second.body.entries.map((e) => [e.delta, e.balanceAfter])).toEqual([[10, 25], [15, 15]]);
    expect(second.body.pageInfo.hasNextPage).toBe(false);
  });

  it('answers 404 for an unknown or another shop’s customer, 422 for a bad cursor', async () => {
    expect((await f.shop.api('GET', '/customers/424242/ledger')).status).toBe(404);
    expect((await f.shop.api('GET', '/customers/901/ledger')).status).toBe(404);
    const bad = await f.shop.api<ErrorJson>('GET', '/customers/111/ledger?after=zzz');
    expect(bad.status).toBe(422);
    expect(bad.body.details?.fieldErrors).toHaveProperty('after');
  });

  // Postgres has no year 0 (a 500 before); no entry is older than the app, nor dated after year 9999.
  it.each(['0000-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '0001-01-01T00:00:00.000Z'])('answers 422 for a cursor dated %s, as for any cursor it did not hand out', async (t) => {
    const path = `/customers/111/ledger?after=${encodeCursor({ t, i: '1' })}`;
    await expectInvalidInput((language) => f.shop.api<ErrorJson>('GET', path, undefined, { language }), ['after']);
    const res = await f.shop.api<ErrorJson>('GET', path);
    expect(res.body.details?.fieldErrorCodes).toEqual({ after: { code: 'cursor_invalid', params: {} } });
  });
});

describe('a path customer id that is not one', () => {
  // Platform customer ids are digits: anything else names no customer, 404 as for a customer the app never met
  // (a NUL reached Postgres before: a 500).
  it.each(['%00', '1%002', 'abc', '12a', '%20', '1'.repeat(21)])('answers 404 for %s on every route of a customer, in the admin’s language', async (id) => {
    const routes: [string, string, unknown?][] = [
      ['GET', `/customers/${id}`],
      ['GET', `/customers/${id}/ledger`],
      ['GET', `/customers/${id}/perk-grants`],
      ['POST', `/customers/${id}/adjustments`, { delta: 1, reason: 'x' }],
    ];
    for (const [method, path, body] of routes) {
      const res = await f.shop.api<ErrorJson>(method, path, body, { language: 'de' });
      expect([path, res.status, res.body.error]).toEqual([path, 404, 'Kunde nicht gefunden']);
    }
  });
});

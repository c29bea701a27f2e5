/**
 * The customer list with a million members: `npx tsx bench/customers.ts` (from web/).
 *
 * Builds a scratch database (BENCH_CUSTOMERS_DATABASE_URL, default loyale_bench_customers on the local server,
 * dropped and re-created), seeds BENCH_MEMBERS (1,000,000) members of one shop with `INSERT ... SELECT
 * generate_series` (plus 50,000 of another shop, so every query has to keep to its shop), then prints
 * `EXPLAIN (ANALYZE, BUFFERS)` of exactly the statements the API runs (memberPageSql): the first page, a deep page
 * by cursor, searches, the tier filter, the name sort, and the dashboard's member figures. A check, not a timed
 * test: the figures depend on the machine.
 */
import pg from 'pg';
import { memberTotals, tierCounts } from '../src/analytics/repository.js';
import { createDb } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { Prisma } from '../src/generated/prisma/client.js';
import { memberPageSql, type MemberListQuery, type MemberSort } from '../src/loyalty/members/list.js';
import { ensureShop } from '../src/shops/repository.js';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1_000_000);
const DATABASE_URL = process.env.BENCH_CUSTOMERS_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/loyale_bench_customers';

async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  target.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: target.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  await applyMigrations(url);
}

const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Emma', 'Felix', 'Greta', 'Hans', 'Ida', 'Jonas', 'Karla', 'Lukas', 'Mia',
  'Noah', 'Olga', 'Paul', 'Rosa', 'Simon', 'Tina', 'Uwe', 'Vera', 'Willi', 'Zoe', 'Ömer', 'Jürgen'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger',
  'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Krause', 'Meier', 'Lehmann', 'Schmid', 'Schulze', 'Maier',
  'Köhler', 'Herrmann', 'König', 'Walter', 'Mayer', 'Huber', 'Kaiser', 'Fuchs', 'Peters', 'Lang', 'Scholz', 'Möller',
  'Weiß', 'Jung', 'Hahn', 'Schubert', 'Vogel', 'Friedrich'];

/** Members with spread-out points, qualifying points, tiers by the default thresholds, and a few without a name. */
async function seed(db: ReturnType<typeof createDb>, shopId: number, count: number, idOffset: number): Promise<void> {
  await db.$executeRaw`
    WITH t AS (SELECT array_agg(id ORDER BY threshold) AS ids FROM tiers WHERE shop_id = ${shopId})
    INSERT INTO members (shop_id, customer_id, email, first_name, last_name, points, qualifying_points, tier_id,
      last_order_at, created_at, updated_at)
    SELECT ${shopId}, (${idOffset}::bigint + g)::text,
      'customer' || g || '@' || (ARRAY['example.com', 'example.de', 'mail.test', 'shop.example'])[1 + g % 4],
      CASE WHEN g % 100 = 0 THEN NULL ELSE (${FIRST}::text[])[1 + (g * 7) % ${FIRST.length}] END,
      CASE WHEN g % 100 = 0 THEN NULL ELSE (${LAST}::text[])[1 + (g * 13) % ${LAST.length}] END,
      p.points, p.qualifying,
      CASE WHEN p.qualifying >= 2000 THEN t.ids[3] WHEN p.qualifying >= 500 THEN t.ids[2] ELSE t.ids[1] END,
      now() - (g % 400) * interval '1 day', now() - (g % 900) * interval '1 day', now()
    FROM generate_series(1, ${count}) AS g
    CROSS JOIN LATERAL (SELECT (hashint4(g) & 4095) - 200 AS points, (hashint4(g + 1) & 2047) + (g % 7) * 100 AS qualifying) p
    CROSS JOIN t`;
}

interface Case {
  name: string;
  query: MemberListQuery;
}

/** Runs the case's statement under EXPLAIN ANALYZE twice (cold, then warm cache); prints the warm plan. */
async function explain(db: ReturnType<typeof createDb>, shopId: number, c: Case): Promise<[number, number]> {
  const run = async () => {
    const rows = await db.$queryRaw<{ 'QUERY PLAN': string }[]>(
      Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${memberPageSql(shopId, c.query)}`,
    );
    const plan = rows.map((r) => r['QUERY PLAN']);
    return { plan, ms: Number(/Execution Time: ([\d.]+) ms/.exec(plan.at(-1) ?? '')?.[1] ?? NaN) };
  };
  const cold = await run();
  const warm = await run();
  console.log(`\n=== ${c.name}\n${warm.plan.join('\n')}`);
  return [cold.ms, warm.ms];
}

/** The cursor position of the row at `offset` in `sort` (found the slow way, once, for the deep-page case). */
async function positionAt(db: ReturnType<typeof createDb>, shopId: number, sort: MemberSort, offset: number, tierId?: number) {
  const key = sort === 'name_asc' ? Prisma.sql`name_key` : Prisma.sql`points`;
  const dir = Prisma.raw(sort === 'points_desc' ? 'DESC' : 'ASC');
  const tier = tierId === undefined ? Prisma.empty : Prisma.sql`AND tier_id = ${tierId}`;
  const rows = await db.$queryRaw<{ key: number | string; id: number }[]>`
    SELECT ${key} AS key, id FROM members WHERE shop_id = ${shopId} ${tier}
    ORDER BY ${key} ${dir}, id ${dir} OFFSET ${offset} LIMIT 1`;
  const row = rows[0];
  if (!row) throw new Error('no row at that offset');
  return { key: row.key, id: row.id };
}

async function main(): Promise<void> {
  const started = Date.now();
  await recreateDatabase(DATABASE_URL);
  const db = createDb(DATABASE_URL);
  const shop = await ensureShop(db, 'bench-customers.myshopify.com');
  const other = await ensureShop(db, 'bench-other.myshopify.com');
  await seed(db, shop.id, MEMBERS, 1_000_000_000);
  await seed(db, other.id, 50_000, 5_000_000_000);
  await db.$executeRawUnsafe('VACUUM ANALYZE members, member_search');
  console.log(`seeded ${MEMBERS.toLocaleString('en')} members (+50,000 of another shop) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const tiers = await tierCounts(db, shop.id);
  const gold = tiers[2]?.id ?? 0;
  const limit = 50;
  const half = Math.floor(MEMBERS / 2);
  // A deep page within the Gold tier: row 100,000, or the tier's middle when it has fewer members (a small BENCH_MEMBERS).
  const goldDeep = Math.min(100_000, Math.floor((tiers[2]?.members ?? 0) / 2));
  const cases: Case[] = [
    { name: 'first page, points_desc', query: { sort: 'points_desc', limit } },
    { name: `deep page (after row ${half.toLocaleString('en')}), points_desc`, query: { sort: 'points_desc', limit, page: { direction: 'after', position: await positionAt(db, shop.id, 'points_desc', half) } } },
    { name: `page before row ${half.toLocaleString('en')}, points_desc`, query: { sort: 'points_desc', limit, page: { direction: 'before', position: await positionAt(db, shop.id, 'points_desc', half) } } },
    { name: 'first page, name_asc', query: { sort: 'name_asc', limit } },
    { name: `deep page (after row ${half.toLocaleString('en')}), name_asc`, query: { sort: 'name_asc', limit, page: { direction: 'after', position: await positionAt(db, shop.id, 'name_asc', half) } } },
    { name: 'search "müller" (common: ~2 %), points_desc', query: { sort: 'points_desc', limit, search: 'müller' } },
    { name: 'search "customer424242@" (one match), points_desc', query: { sort: 'points_desc', limit, search: 'customer424242@' } },
    { name: 'search "zz-nobody" (no match), name_asc', query: { sort: 'name_asc', limit, search: 'zz-nobody' } },
    { name: 'tier filter Gold, points_desc', query: { sort: 'points_desc', limit, tierId: gold } },
    { name: `tier filter Gold, deep page (after row ${goldDeep.toLocaleString('en')}), points_asc`, query: { sort: 'points_asc', limit, tierId: gold, page: { direction: 'after', position: await positionAt(db, shop.id, 'points_asc', goldDeep, gold) } } },
    { name: 'tier filter Gold + search "anna", name_asc', query: { sort: 'name_asc', limit, tierId: gold, search: 'anna' } },
  ];
  const results: [string, [number, number]][] = [];
  for (const c of cases) results.push([c.name, await explain(db, shop.id, c)]);

  const dashboard = async () => {
    const at = Date.now();
    await Promise.all([memberTotals(db, shop.id, new Date(Date.now() - 90 * 86_400_000)), tierCounts(db, shop.id)]);
    return Date.now() - at;
  };
  results.push(['dashboard member figures + tier counts (wall time)', [await dashboard(), await dashboard()]]);

  console.log('\n=== summary (execution time in ms: cold cache, warm cache)');
  for (const [name, [cold, warm]] of results) console.log(`${cold.toFixed(2).padStart(9)} ${warm.toFixed(2).padStart(9)}  ${name}`);
  console.log(`members per tier: ${tiers.map((t) => `${t.name} ${t.members.toLocaleString('en')}`).join(', ')}`);
  await db.$disconnect();
}

await main();

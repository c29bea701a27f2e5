import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dropDatabase, testDatabaseUrl, type TestDatabase } from '../../test/database.js';
import { createDb, type Db } from '../db/client.js';
import { applyMigrations, MIGRATIONS_DIR } from '../db/migrate.js';
import { ensureShop } from '../shops/repository.js';
import { DEFAULT_REWARDS, DEFAULT_TIERS, type ProgramLocale } from './default-program.js';
import { findProgram, localizeDefaultProgram } from './repository.js';

/**
 * Tier and reward names in both languages as stored: the default program of a new shop has both, re-localizing it
 * swaps them, and the migration that added the translations filled them for the default names nobody renamed.
 */
const MIGRATION = '20261207130000_name_translations';

describe('the migration adding name translations', () => {
  const name = `loyale_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = testDatabaseUrl(name);
  let before: string;
  let client: pg.Client;

  beforeAll(async () => {
    // The database as it was before the migration: every migration up to it, from a directory without it.
    before = await mkdtemp(path.join(tmpdir(), 'loyale-migrations-'));
    const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(names).toContain(MIGRATION);
    for (const migration of names.filter((n) => n < MIGRATION)) {
      await cp(path.join(MIGRATIONS_DIR, migration), path.join(before, migration), { recursive: true });
    }
    await applyMigrations(url, before);
    client = new pg.Client({ connectionString: url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await dropDatabase(name);
    if (before) await rm(before, { recursive: true, force: true });
  });

  /** A shop with the default program written in `locale` as an older build did, `renamed` by key. */
  async function oldShop(domain: string, locale: ProgramLocale, renamed: Record<string, string> = {}): Promise<number> {
    const { rows } = await client.query<{ id: number }>(`INSERT INTO shops (domain, updated_at) VALUES ($1, now()) RETURNING id`, [domain]);
    const shopId = rows[0]!.id;
    await client.query(`INSERT INTO programs (shop_id, locale, updated_at) VALUES ($1, $2, now())`, [shopId, locale]);
    for (const tier of DEFAULT_TIERS) {
      await client.query(`INSERT INTO tiers (shop_id, key, name, threshold, multiplier, updated_at) VALUES ($1, $2, $3, $4, $5, now())`, [
        shopId, tier.key, renamed[tier.key] ?? tier.names[locale], tier.threshold, tier.multiplier,
      ]);
    }
    for (const reward of DEFAULT_REWARDS) {
      await client.query(
        `INSERT INTO rewards (shop_id, key, name, kind, cost, value, updated_at) VALUES ($1, $2, $3, $4::reward_kind, $5, $6, '2026-01-02T03:04:05Z')`,
        [shopId, reward.key, renamed[reward.key] ?? reward.names[locale], reward.kind, reward.cost, reward.value],
      );
    }
    return shopId;
  }

  const namesOf = async (table: 'tiers' | 'rewards', shopId: number) =>
    (await client.query<{ name: string; name_translation: string | null }>(`SELECT name, name_translation FROM ${table} WHERE shop_id = $1 ORDER BY id`, [shopId])).rows.map(
      (r) => [r.name, r.name_translation],
    );

  it('fills the translation of every default name never renamed, in the program’s other language, and no other', async () => {
    const german = await oldShop('migration-de.myshopify.com', 'de');
    const english = await oldShop('migration-en.myshopify.com', 'en');
    const renamed = await oldShop('migration-renamed.myshopify.com', 'de', { silver: 'Silber Plus', ten_percent_off: '15 % Rabatt' });
    // A default tier renamed to the other language's default name is the merchant's name too.
    const mixed = await oldShop('migration-mixed.myshopify.com', 'en', { silver: 'Silber', free_shipping: 'Kostenloser Versand' });
    // A tier the merchant made is no default, whatever its name.
    await client.query(`INSERT INTO tiers (shop_id, key, name, threshold, multiplier, updated_at) VALUES ($1, NULL, 'Gold', 5000, 2, now())`, [renamed]);

    // The migration, as the app's migrator applies it (later ones are not this test's business).
    await cp(path.join(MIGRATIONS_DIR, MIGRATION), path.join(before, MIGRATION), { recursive: true });
    expect(await applyMigrations(url, before)).toEqual([MIGRATION]);

    expect(await namesOf('tiers', german)).toEqual([['Bronze', 'Bronze'], ['Silber', 'Silver'], ['Gold', 'Gold']]);
    expect(await namesOf('rewards', german)).toEqual([['Kostenloser Versand', 'Free shipping'], ['10 % Rabatt', '10% off']]);
    expect(await namesOf('tiers', english)).toEqual([['Bronze', 'Bronze'], ['Silver', 'Silber'], ['Gold', 'Gold']]);
    expect(await namesOf('rewards', english)).toEqual([['Free shipping', 'Kostenloser Versand'], ['10% off', '10 % Rabatt']]);
    expect(await namesOf('tiers', renamed)).toEqual([['Bronze', 'Bronze'], ['Silber Plus', null], ['Gold', 'Gold'], ['Gold', null]]);
    expect(await namesOf('rewards', renamed)).toEqual([['Kostenloser Versand', 'Free shipping'], ['15 % Rabatt', null]]);
    expect(await namesOf('tiers', mixed)).toEqual([['Bronze', 'Bronze'], ['Silber', null], ['Gold', 'Gold']]);
    expect(await namesOf('rewards', mixed)).toEqual([['Kostenloser Versand', null], ['10% off', '10 % Rabatt']]);

    // A reward's last save stays what it was: the product webhooks compare their time with it.
    const saved = await client.query<{ updated_at: Date }>(`SELECT DISTINCT updated_at FROM rewards`);
    expect(saved.rows.map((r) => r.updated_at.toISOString())).toEqual(['2026-01-02T03:04:05.000Z']);
  });
});

describe('the default program’s names', () => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb(database.url);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  const names = async (shopId: number) => {
    const program = await findProgram(db, shopId);
    return {
      locale: program?.locale,
      tiers: program?.tiers.map((t) => [t.name, t.nameTranslation]),
      rewards: program?.rewards.map((r) => [r.name, r.nameTranslation]),
    };
  };
  const ENGLISH = {
    locale: 'en',
    tiers: [['Bronze', 'Bronze'], ['Silver', 'Silber'], ['Gold', 'Gold']],
    rewards: [['Free shipping', 'Kostenloser Versand'], ['10% off', '10 % Rabatt']],
  };
  const GERMAN = {
    locale: 'de',
    tiers: [['Bronze', 'Bronze'], ['Silber', 'Silver'], ['Gold', 'Gold']],
    rewards: [['Kostenloser Versand', 'Free shipping'], ['10 % Rabatt', '10% off']],
  };

  it('a new shop has them in English with German translations; localized to German, the two swap, and back', async () => {
    const shop = await ensureShop(db, 'names-new.myshopify.com');
    expect(await names(shop.id)).toEqual(ENGLISH);
    await db.$transaction((tx) => localizeDefaultProgram(tx, shop.id, 'de'));
    expect(await names(shop.id)).toEqual(GERMAN);
    await db.$transaction((tx) => localizeDefaultProgram(tx, shop.id, 'en'));
    expect(await names(shop.id)).toEqual(ENGLISH);
  });

  it('names the merchant edited are not re-localized, their translations neither', async () => {
    const shop = await ensureShop(db, 'names-edited.myshopify.com');
    await db.$transaction((tx) => localizeDefaultProgram(tx, shop.id, 'de'));
    await db.tier.updateMany({ where: { shopId: shop.id, key: 'silver' }, data: { name: 'Silber Plus', nameTranslation: 'Silver Plus' } });
    await db.program.update({ where: { shopId: shop.id }, data: { namesCustomized: true } });
    await db.$transaction((tx) => localizeDefaultProgram(tx, shop.id, 'en'));
    expect(await names(shop.id)).toEqual({ ...GERMAN, tiers: [['Bronze', 'Bronze'], ['Silber Plus', 'Silver Plus'], ['Gold', 'Gold']] });
  });
});

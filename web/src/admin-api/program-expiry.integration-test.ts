import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireInactivePoints } from '../points-expiry/expire.js';
import { findMemberExpiryFacts } from '../points-expiry/repository.js';
import { pointsExpiry } from '../points-expiry/rules/expiry.js';
import type { toProgramSettingsJson } from './dto/program-settings.js';
import { EDIT_CONFLICT, expectInvalidInput, startAdminApiFixture, type AdminApiFixture, type ErrorJson, type ShopClient } from './test-fixture.js';

/** Points expiry through the program editor's API (`GET|PUT /api/program/settings`), on the whole app. */
type SettingsJson = ReturnType<typeof toProgramSettingsJson>;

let f: AdminApiFixture;
let shop: ShopClient;

beforeAll(async () => {
  f = await startAdminApiFixture();
  shop = await f.addShop('expiry-settings.myshopify.com');
});

afterAll(async () => {
  await f?.close();
});

const read = async () => (await shop.api<SettingsJson>('GET', '/program/settings')).body;
/** Saves the settings as read now, with `change` on top. */
const save = async (change: Record<string, unknown>, language?: string) =>
  shop.api<SettingsJson & ErrorJson>('PUT', '/program/settings', { ...(await read()), ...change }, { language });

describe('points expiry in the program settings', () => {
  it('is off in the default program', async () => {
    expect((await read()).pointsExpireAfterMonths).toBeNull();
    expect((await f.db.program.findUniqueOrThrow({ where: { shopId: shop.id } })).pointsExpireAfterMonths).toBeNull();
  });

  it('is saved, kept by a save that leaves it out, and switched off with null; GET /api/program keeps the contract’s shape', async () => {
    const before = await read();
    const on = await save({ pointsExpireAfterMonths: 12 });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ pointsExpireAfterMonths: 12, version: before.version + 1 });
    expect(await read()).toEqual(on.body);

    const { pointsExpireAfterMonths: _left, ...withoutExpiry } = await read();
    const kept = await shop.api<SettingsJson>('PUT', '/program/settings', withoutExpiry);
    expect(kept.status).toBe(200);
    expect(kept.body.pointsExpireAfterMonths).toBe(12);

    const program = await shop.api<Record<string, unknown>>('GET', '/program');
    expect(Object.keys(program.body).sort()).toEqual(['earning', 'rewards', 'tiers']);
    expect(program.body.earning).toEqual({ pointsPerCurrencyUnit: 1 });

    const off = await save({ pointsExpireAfterMonths: null });
    expect(off.body.pointsExpireAfterMonths).toBeNull();
    expect((await save({ pointsExpireAfterMonths: 3 })).body.pointsExpireAfterMonths).toBe(3);
    expect((await save({ pointsExpireAfterMonths: 36 })).body.pointsExpireAfterMonths).toBe(36);
  });

  it.each([
    ['2 months', 2, 'Must be at least 3', 'Muss mindestens 3 sein'],
    ['37 months', 37, 'Must be at most 36', 'Darf höchstens 36 sein'],
    ['a fraction', 6.5, 'Enter a whole number', 'Gib eine ganze Zahl ein'],
    ['text', '12', 'Enter a number', 'Gib eine Zahl ein'],
    ['0 (for off, send null)', 0, 'Must be at least 3', 'Muss mindestens 3 sein'],
  ])('refuses %s with a 422 in English and German, changing nothing', async (_case, months, english, german) => {
    const before = await read();
    await expectInvalidInput((language) => save({ pointsExpireAfterMonths: months }, language), ['pointsExpireAfterMonths']);
    expect((await save({ pointsExpireAfterMonths: months }, 'en')).body.details?.fieldErrors).toEqual({ pointsExpireAfterMonths: english });
    expect((await save({ pointsExpireAfterMonths: months }, 'de')).body.details?.fieldErrors).toEqual({ pointsExpireAfterMonths: german });
    expect(await read()).toEqual(before);
  });

  it('answers 409 to an editor that read an older version, and keeps the other editor’s expiry', async () => {
    const stale = await read();
    expect((await save({ pointsExpireAfterMonths: 24 })).status).toBe(200);
    for (const language of ['en', 'de'] as const) {
      const res = await shop.api<ErrorJson>('PUT', '/program/settings', { ...stale, pointsExpireAfterMonths: 6 }, { language });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe(EDIT_CONFLICT[language]);
    }
    expect((await read()).pointsExpireAfterMonths).toBe(24);
  });

  it('the database refuses months outside 3..36 whatever writes them', async () => {
    await expect(f.db.program.update({ where: { shopId: shop.id }, data: { pointsExpireAfterMonths: 2 } })).rejects.toThrow();
    await expect(f.db.program.update({ where: { shopId: shop.id }, data: { pointsExpireAfterMonths: 37 } })).rejects.toThrow();
  });
});

describe('switching points expiry on (or shortening it)', () => {
  it('gives every member 30 days from that moment: nothing expires before, the date shoppers see is then, and it expires after', async () => {
    const other = await f.addShop('expiry-grace.myshopify.com');
    const read2 = async () => (await other.api<SettingsJson>('GET', '/program/settings')).body;
    // A member inactive for two years.
    const longAgo = new Date(Date.now() - 730 * 86_400_000);
    const member = await f.db.member.create({ data: { shopId: other.id, customerId: '4711', points: 300, createdAt: longAgo } });
    const switchedOn = Date.now();
    const on = await other.api<SettingsJson>('PUT', '/program/settings', { ...(await read2()), pointsExpireAfterMonths: 12 });
    expect(on.status).toBe(200);
    await f.db.shop.update({ where: { id: other.id }, data: { installedAt: new Date(), uninstalledAt: null } });

    const at = (days: number) => () => new Date(switchedOn + days * 86_400_000);
    await expireInactivePoints(f.app.ctx, { now: at(0) });
    await expireInactivePoints(f.app.ctx, { now: at(29) });
    expect((await f.db.member.findUniqueOrThrow({ where: { id: member.id } })).points).toBe(300);

    // The date follows from the grace: about 30 days after switching on, in the shop's zone.
    const facts = await findMemberExpiryFacts(f.db, other.id, '4711');
    const date = pointsExpiry(facts.member!.lastActivityAt, 12, facts.timezone).date;
    const expected = new Date(switchedOn + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(Math.abs(Date.parse(date) - Date.parse(expected))).toBeLessThanOrEqual(86_400_000);

    await expireInactivePoints(f.app.ctx, { now: at(32) });
    expect((await f.db.member.findUniqueOrThrow({ where: { id: member.id } })).points).toBe(0);

    // Lengthening it gives no new grace; shortening it does.
    expect((await other.api<SettingsJson>('PUT', '/program/settings', { ...(await read2()), pointsExpireAfterMonths: 24 })).status).toBe(200);
    const lengthened = (await f.db.program.findUniqueOrThrow({ where: { shopId: other.id } })).pointsExpiryFrom;
    expect(lengthened?.getTime()).toBeLessThan(switchedOn + 60_000);
    expect((await other.api<SettingsJson>('PUT', '/program/settings', { ...(await read2()), pointsExpireAfterMonths: 6 })).status).toBe(200);
    const shortened = (await f.db.program.findUniqueOrThrow({ where: { shopId: other.id } })).pointsExpiryFrom;
    expect(shortened!.getTime()).toBeGreaterThan(lengthened!.getTime());
  });
});

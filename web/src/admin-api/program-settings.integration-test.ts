import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../emulator/demo-data.js';
import { orderPayload } from '../../emulator/payloads.js';
import type { toProgramSettingsJson } from './dto/program-settings.js';
import {
  EDIT_CONFLICT,
  editorVersion,
  expectInvalidInput,
  startAdminApiFixture,
  type AdminApiFixture,
  type ErrorJson,
  type ShopClient,
} from './test-fixture.js';

type SettingsJson = ReturnType<typeof toProgramSettingsJson>;

/** The rewards catalog's fields of a reward saved without them (issue 4). */
const REWARD_DEFAULTS = {
  minimumSubtotal: null, validityDays: 90, combinesWithOtherDiscounts: true, minimumTierId: null, productVariantId: null, product: null, productMissingAt: null,
};
/** A variant of the emulator's demo catalogue: a free product's variant must exist in the shop. */
const MUG = DEMO_PRODUCTS.find((p) => p.sku === 'MUG-MR')!;
const MUG_VARIANT = `gid://shopify/ProductVariant/${MUG.variantId}`;

let f: AdminApiFixture;
let initial: SettingsJson;

const customer = (id: number) => ({ id, email: `c${id}@example.de`, firstName: 'Kim', lastName: `K${id}` });

beforeAll(async () => {
  f = await startAdminApiFixture();
  // Orders before the edit: 400 qualifying points (Bronze), 2,500 (Gold), and 100 for the rate test.
  await f.deliver(f.shop, 'orders/paid', orderPayload({ id: 1, subtotal: '400.00', customer: customer(6001) }));
  await f.deliver(f.shop, 'orders/paid', orderPayload({ id: 2, subtotal: '2500.00', customer: customer(6002) }));
  await f.deliver(f.shop, 'orders/paid', orderPayload({ id: 3, subtotal: '100.00', customer: customer(6003) }));
  initial = (await f.shop.api<SettingsJson>('GET', '/program/settings')).body;
});

afterAll(async () => {
  await f?.close();
});

/** A save by an editor that has just loaded (the version read now), unless `body` names its own version. */
const put = async (body: unknown, language?: string) =>
  f.shop.api<SettingsJson & ErrorJson>('PUT', '/program/settings', { version: await editorVersion(f.shop, '/program/settings'), ...(body as object) }, { language });
const tierOf = async (customerId: string) =>
  (await f.db.member.findFirstOrThrow({ where: { shopId: f.shop.id, customerId }, include: { tier: true } })).tier?.name;

function tier(name: string) {
  const found = initial.tiers.find((t) => t.name === name);
  if (!found) throw new Error(`no tier ${name}`);
  return found;
}

function reward(kind: string) {
  const found = initial.rewards.find((r) => r.kind === kind);
  if (!found) throw new Error(`no reward ${kind}`);
  return found;
}

describe('GET /api/program/settings', () => {
  it('gives the earning rule with the point value, the tiers and every reward with its state', () => {
    // A German shop: its names in German, each with its English name (the default program has both).
    expect(initial).toEqual({
      version: expect.any(Number),
      namesLocale: 'de',
      earning: { pointsPerCurrencyUnit: 1, pointValue: '0.01', awardOn: 'paid', approvalDays: 0 },
      pointsExpireAfterMonths: null,
      tiers: [
        { id: expect.any(String), name: 'Bronze', nameTranslation: 'Bronze', threshold: 0, multiplier: 1 },
        { id: expect.any(String), name: 'Silber', nameTranslation: 'Silver', threshold: 500, multiplier: 1.25 },
        { id: expect.any(String), name: 'Gold', nameTranslation: 'Gold', threshold: 2000, multiplier: 1.5 },
      ],
      rewards: [
        { id: expect.any(String), name: 'Kostenloser Versand', nameTranslation: 'Free shipping', kind: 'free_shipping', cost: 300, value: null, active: true, ...REWARD_DEFAULTS },
        { id: expect.any(String), name: '10 % Rabatt', nameTranslation: '10% off', kind: 'percentage_off', cost: 500, value: 0.1, active: true, ...REWARD_DEFAULTS },
      ],
    });
  });
});

/** `n` new percentage rewards. */
const manyRewards = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ name: `Rabatt ${from + i}`, kind: 'percentage_off' as const, cost: 100 + from + i, value: 0.05, active: false }));

describe('PUT /api/program/settings', () => {
  const valid = () => ({
    earning: { pointsPerCurrencyUnit: 2, pointValue: '0.005', awardOn: 'fulfilled', approvalDays: 14 },
    tiers: [
      { ...tier('Bronze') },
      { ...tier('Silber'), name: 'Silber Plus', threshold: 300, multiplier: 1.3 },
      // Gold is left out: removed.
      { name: 'Platin', threshold: 1000, multiplier: 2 },
    ],
    rewards: [
      { ...reward('free_shipping'), active: false },
      { ...reward('percentage_off'), cost: 450, value: 0.15 },
      { name: '5 € Rabatt', kind: 'amount_off', cost: 250, value: 5, active: true },
      { name: 'Tasse', kind: 'free_product', cost: 900, value: null, active: true, productVariantId: MUG_VARIANT },
    ],
  });

  it.each<[string, (s: ReturnType<typeof valid>) => unknown, string[]]>([
    ['a rate of 0', (s) => ({ ...s, earning: { ...s.earning, pointsPerCurrencyUnit: 0 } }), ['earning.pointsPerCurrencyUnit']],
    ['a rate above 1000', (s) => ({ ...s, earning: { ...s.earning, pointsPerCurrencyUnit: 1001 } }), ['earning.pointsPerCurrencyUnit']],
    ['a negative point value', (s) => ({ ...s, earning: { ...s.earning, pointValue: '-1' } }), ['earning.pointValue']],
    ['an unknown award moment', (s) => ({ ...s, earning: { ...s.earning, awardOn: 'shipped' } }), ['earning.awardOn']],
    ['an approval period over a year', (s) => ({ ...s, earning: { ...s.earning, approvalDays: 366 } }), ['earning.approvalDays']],
    ['a fractional approval period', (s) => ({ ...s, earning: { ...s.earning, approvalDays: 1.5 } }), ['earning.approvalDays']],
    ['no tiers', (s) => ({ ...s, tiers: [] }), ['tiers']],
    ['eleven tiers', (s) => ({ ...s, tiers: Array.from({ length: 11 }, (_, i) => ({ name: `T${i}`, threshold: i * 10, multiplier: 1 })) }), ['tiers']],
    ['an empty tier name', (s) => ({ ...s, tiers: s.tiers.map((t, i) => (i === 2 ? { ...t, name: ' ' } : t)) }), ['tiers.2.name']],
    ['a tier name over 60 characters', (s) => ({ ...s, tiers: s.tiers.map((t, i) => (i === 1 ? { ...t, name: 'x'.repeat(61) } : t)) }), ['tiers.1.name']],
    ['two tiers at one threshold', (s) => ({ ...s, tiers: s.tiers.map((t, i) => (i === 2 ? { ...t, threshold: 300 } : t)) }), ['tiers.2.threshold']],
    ['no tier at 0', (s) => ({ ...s, tiers: s.tiers.map((t, i) => (i === 0 ? { ...t, threshold: 50 } : t)) }), ['tiers.0.threshold']],
    ['a fractional threshold', (s) => ({ ...s, tiers: s.tiers.map((t, i) => (i === 1 ? { ...t, threshold: 300.5 } : t)) }), ['tiers.1.threshold']],
    ['a multiplier below 0.1', (s) => ({ ...s, tiers: s.tiers.map((t, i) => (i === 1 ? { ...t, multiplier: 0.05 } : t)) }), ['tiers.1.multiplier']],
    ['a reward cost of 0', (s) => ({ ...s, rewards: s.rewards.map((r, i) => (i === 0 ? { ...r, cost: 0 } : r)) }), ['rewards.0.cost']],
    ['a percentage above 1', (s) => ({ ...s, rewards: s.rewards.map((r, i) => (i === 1 ? { ...r, value: 15 } : r)) }), ['rewards.1.value']],
    ['an amount of 0', (s) => ({ ...s, rewards: s.rewards.map((r, i) => (i === 2 ? { ...r, value: 0 } : r)) }), ['rewards.2.value']],
    ['a value on free shipping', (s) => ({ ...s, rewards: s.rewards.map((r, i) => (i === 0 ? { ...r, value: 1 } : r)) }), ['rewards.0.value']],
    ['an unknown kind', (s) => ({ ...s, rewards: s.rewards.map((r, i) => (i === 3 ? { ...r, kind: 'gift' } : r)) }), ['rewards.3.kind']],
    ['an unknown tier id', (s) => ({ ...s, tiers: s.tiers.map((t, i) => (i === 1 ? { ...t, id: '999999' } : t)) }), ['tiers.1.id']],
    ['an unknown reward id', (s) => ({ ...s, rewards: s.rewards.map((r, i) => (i === 2 ? { ...r, id: '999999' } : r)) }), ['rewards.2.id']],
    ['a removed reward', (s) => ({ ...s, rewards: s.rewards.slice(1) }), ['rewards']],
    ['several problems at once', (s) => ({ ...s, tiers: [{ name: '', threshold: 5, multiplier: 20 }] }), ['tiers.0.multiplier', 'tiers.0.name', 'tiers.0.threshold']],
    // Postgres refuses NUL in text (a 500 before); a lone surrogate would be stored altered.
    ['a NUL in a tier name', (s) => ({ ...s, tiers: s.tiers.map((t, i) => (i === 1 ? { ...t, name: 'a\u0000b' } : t)) }), ['tiers.1.name']],
    ['a NUL in a reward name', (s) => ({ ...s, rewards: s.rewards.map((r, i) => (i === 2 ? { ...r, name: 'a\u0000b' } : r)) }), ['rewards.2.name']],
    ['a line break in a reward name', (s) => ({ ...s, rewards: s.rewards.map((r, i) => (i === 2 ? { ...r, name: '5 €\nRabatt' } : r)) }), ['rewards.2.name']],
    ['a lone surrogate in a tier name', (s) => ({ ...s, tiers: s.tiers.map((t, i) => (i === 2 ? { ...t, name: 'Platin \udfff' } : t)) }), ['tiers.2.name']],
    ['a NUL in a product variant', (s) => ({ ...s, rewards: s.rewards.map((r, i) => (i === 3 ? { ...r, productVariantId: `${MUG_VARIANT}\u0000` } : r)) }), ['rewards.3.productVariantId']],
    ['more than 50 rewards, new ones among them', (s) => ({ ...s, rewards: [...s.rewards, ...manyRewards(47)] }), ['rewards']],
  ])('answers 422 for %s, naming the field in English and German, and changes nothing', async (_name, edit, fields) => {
    await expectInvalidInput((language) => put(edit(valid()), language), fields);
    expect((await f.shop.api('GET', '/program/settings')).body).toEqual(initial);
  });

  it.each([
    ['en', { 'tiers.2.threshold': 'Another tier starts at this threshold', 'tiers.2.name': 'Enter a name', 'earning.pointValue': 'Must be at least 0' }],
    ['de', { 'tiers.2.threshold': 'Eine andere Stufe beginnt schon bei diesem Wert', 'tiers.2.name': 'Gib einen Namen ein', 'earning.pointValue': 'Muss mindestens 0 sein' }],
  ])('words field errors in %s: domain rules and zod’s checks alike', async (language, fieldErrors) => {
    const s = valid();
    const res = await put({ ...s, earning: { ...s.earning, pointValue: '-1' }, tiers: s.tiers.map((t, i) => (i === 2 ? { ...t, name: '', threshold: 300 } : t)) }, language);
    expect(res.status).toBe(422);
    expect(res.body.details?.fieldErrors).toEqual(fieldErrors);
    expect(res.body.details?.fieldErrorCodes).toEqual({
      'tiers.2.threshold': { code: 'threshold_taken', params: {} },
      'tiers.2.name': { code: 'name_required', params: {} },
      'earning.pointValue': { code: 'too_small', params: { origin: 'number', minimum: 0, inclusive: true } },
    });
  });

  it.each([
    ['en', 'A program can have at most 50 rewards; instead of adding one, change a reward you no longer offer'],
    ['de', 'Ein Programm kann höchstens 50 Prämien haben; ändere statt einer neuen eine Prämie, die du nicht mehr anbietest'],
  ])('says in %s why a 51st reward is refused', async (language, message) => {
    const s = valid();
    const res = await put({ ...s, rewards: [...s.rewards, ...manyRewards(47)] }, language);
    expect(res.body.details).toEqual({ fieldErrors: { rewards: message }, fieldErrorCodes: { rewards: { code: 'rewards_too_many', params: { maximum: 50 } } } });
  });

  it('refuses another shop’s tier ids, in English and German', async () => {
    const other = await f.addShop('other-settings.myshopify.com');
    const theirs = (await other.api<SettingsJson>('GET', '/program/settings')).body;
    const s = valid();
    const body = { ...s, tiers: [s.tiers[0], { ...s.tiers[1], id: theirs.tiers[1]?.id }] };
    const res = await put(body);
    expect(res.status).toBe(422);
    expect(res.body.details?.fieldErrors).toEqual({ 'tiers.1.id': 'Unknown tier' });
    const german = await put(body, 'de');
    expect(german.body).toEqual({
      error: 'Ungültige Eingabe',
      details: { fieldErrors: { 'tiers.1.id': 'Unbekannte Stufe' }, fieldErrorCodes: { 'tiers.1.id': { code: 'unknown_tier', params: {} } } },
    });
  });

  it('saves everything at once: GET reflects it, members move to their new tiers, names count as customized', async () => {
    const res = await put(valid());
    expect(res.status).toBe(200);
    const saved = (await f.shop.api<SettingsJson>('GET', '/program/settings')).body;
    expect(res.body).toEqual(saved);
    expect(saved).toEqual({
      version: initial.version + 1,
      namesLocale: 'de',
      earning: { pointsPerCurrencyUnit: 2, pointValue: '0.005', awardOn: 'fulfilled', approvalDays: 14 },
      pointsExpireAfterMonths: null, // left out of the save: kept
      tiers: [
        { id: tier('Bronze').id, name: 'Bronze', nameTranslation: 'Bronze', threshold: 0, multiplier: 1 },
        // Renamed in German, its English name sent back as it was.
        { id: tier('Silber').id, name: 'Silber Plus', nameTranslation: 'Silver', threshold: 300, multiplier: 1.3 },
        { id: expect.stringMatching(/^\d+$/), name: 'Platin', nameTranslation: null, threshold: 1000, multiplier: 2 },
      ],
      rewards: expect.arrayContaining([
        { ...reward('free_shipping'), active: false },
        { ...reward('percentage_off'), cost: 450, value: 0.15 },
        { id: expect.any(String), name: '5 € Rabatt', nameTranslation: null, kind: 'amount_off', cost: 250, value: 5, active: true, ...REWARD_DEFAULTS },
        {
          id: expect.any(String), name: 'Tasse', nameTranslation: null, kind: 'free_product', cost: 900, value: null, active: true, ...REWARD_DEFAULTS,
          productVariantId: MUG_VARIANT, product: { title: MUG.title, variantTitle: null, imageUrl: `${f.emulator.url}/images/products/${MUG.handle}.svg` },
          productMissingAt: null,
        },
      ]),
    });
    expect(saved.rewards).toHaveLength(4);

    // The contract's GET /api/program keeps its shape: the names in the program's language, no translations.
    const program = await f.shop.api<{ rewards: object[] }>('GET', '/program');
    expect(program.body).toEqual({
      earning: { pointsPerCurrencyUnit: 2 },
      tiers: saved.tiers.map(({ id, name, threshold, multiplier }) => ({ id, name, threshold, multiplier })),
      rewards: saved.rewards.map(({ id, name, kind, cost, value }) => ({ id, name, kind, cost, value })),
    });

    expect(await tierOf('6001')).toBe('Silber Plus'); // 400 qualifying points, now above 300
    expect(await tierOf('6002')).toBe('Platin'); // was Gold (removed); 2,500 points reach Platin
    expect(await tierOf('6003')).toBe('Bronze');
    const record = await f.db.program.findUniqueOrThrow({ where: { shopId: f.shop.id } });
    expect(record.namesCustomized).toBe(true);
  });

  it('lets tiers swap thresholds', async () => {
    const current = (await f.shop.api<SettingsJson>('GET', '/program/settings')).body;
    const [bronze, silver, platin] = current.tiers;
    const swapped = { ...current, tiers: [bronze, { ...silver, threshold: 1000 }, { ...platin, threshold: 300 }] };
    const res = await put(swapped);
    expect(res.status).toBe(200);
    expect(res.body.tiers.map((t) => [t.name, t.threshold])).toEqual([['Bronze', 0], ['Platin', 300], ['Silber Plus', 1000]]);
    expect(await tierOf('6001')).toBe('Platin');
    expect(await tierOf('6002')).toBe('Silber Plus');
    expect((await put({ ...current, version: res.body.version })).status).toBe(200);
  });

  it('applies to new events only: a later order earns at the new rate, an earlier one keeps its points', async () => {
    await f.deliver(f.shop, 'orders/paid', orderPayload({ id: 4, subtotal: '50.00', customer: customer(6003) }));
    const entries = await f.db.ledgerEntry.findMany({
      where: { shopId: f.shop.id, member: { customerId: '6003' } },
      orderBy: { id: 'asc' },
      select: { delta: true, reason: true, sourceId: true },
    });
    // The order after the edit earns 50.00 × 2 points (Bronze ×1), awarded on fulfilment: pending, not booked.
    expect(entries).toEqual([{ delta: 100, reason: 'order_earned', sourceId: '3' }]); // 100.00 × 1 point, before the edit
    const detail = await f.shop.api<{ points: number; pendingPoints: number }>('GET', '/customers/6003');
    expect(detail.body).toMatchObject({ points: 100, pendingPoints: 100 });

    await f.deliver(f.shop, 'orders/fulfilled', orderPayload({ id: 4, subtotal: '50.00', customer: customer(6003), fulfilledAt: new Date() }));
    // Fulfilled today, so it stays pending through the 14-day approval period.
    expect((await f.shop.api<{ pendingPoints: number }>('GET', '/customers/6003')).body).toMatchObject({ points: 100, pendingPoints: 100 });
    const order = await f.db.loyaltyOrder.findFirstOrThrow({ where: { shopId: f.shop.id, orderId: '4' } });
    expect(order).toMatchObject({ awardOn: 'fulfilled', approvalDays: 14, fulfilledAt: expect.any(Date) });
  });
});

describe('a shop with more rewards than the editor allows (saved before the limit)', () => {
  let shop: ShopClient;
  let settings: SettingsJson;

  beforeAll(async () => {
    shop = await f.addShop('many-rewards.myshopify.com');
    const current = (await shop.api<SettingsJson>('GET', '/program/settings')).body;
    // Up to the limit through the API, then past it as an older version of the app allowed (rewards are never removed).
    const upToLimit = await shop.api<SettingsJson>('PUT', '/program/settings', { ...current, rewards: [...current.rewards, ...manyRewards(50 - current.rewards.length)] });
    expect([upToLimit.status, upToLimit.body.rewards.length]).toEqual([200, 50]);
    await f.db.reward.createMany({ data: manyRewards(10, 50).map((r) => ({ ...r, shopId: shop.id })) });
    settings = (await shop.api<SettingsJson>('GET', '/program/settings')).body;
    expect(settings.rewards).toHaveLength(60);
  });

  it('can still save its program: every reward is listed, none is new', async () => {
    const res = await shop.api<SettingsJson>('PUT', '/program/settings', { ...settings, rewards: settings.rewards.map((r) => ({ ...r, active: !r.active })) });
    expect(res.status).toBe(200);
    expect(res.body.rewards).toHaveLength(60);
  });

  it('cannot add another one', async () => {
    const body = { ...settings, rewards: [...settings.rewards, ...manyRewards(1, 60)] };
    await expectInvalidInput((language) => shop.api<ErrorJson>('PUT', '/program/settings', body, { language }), ['rewards']);
    expect((await shop.api<SettingsJson>('GET', '/program/settings')).body.rewards).toHaveLength(60);
  });
});

describe('an amount off at the edge of its column (numeric(12,4))', () => {
  let shop: ShopClient;
  let settings: SettingsJson;
  const withAmountOff = (value: number) => ({ ...settings, rewards: [...settings.rewards, { name: 'Alles', kind: 'amount_off', cost: 1000, value, active: true }] });

  beforeAll(async () => {
    shop = await f.addShop('amount-off-limit.myshopify.com');
    settings = (await shop.api<SettingsJson>('GET', '/program/settings')).body;
  });

  it.each([
    ['en', 'Enter an amount above 0 and below 100,000,000'],
    ['de', 'Gib einen Betrag über 0 und unter 100.000.000 ein'],
  ])('refuses 100,000,000 on the field in %s (it overflowed the column: a 500)', async (language, message) => {
    const res = await shop.api<ErrorJson>('PUT', '/program/settings', withAmountOff(100_000_000), { language });
    expect(res.status).toBe(422);
    expect(res.body.details?.fieldErrors).toEqual({ [`rewards.${settings.rewards.length}.value`]: message });
    expect((await shop.api<SettingsJson>('GET', '/program/settings')).body).toEqual(settings);
  });

  it('saves the largest amount the column holds', async () => {
    const res = await shop.api<SettingsJson>('PUT', '/program/settings', withAmountOff(99_999_999.9999));
    expect(res.status).toBe(200);
    expect(res.body.rewards.find((r) => r.name === 'Alles')?.value).toBe(99_999_999.9999);
  });
});

describe('two editors at once: a save names the version it read', () => {
  let shop: ShopClient;
  const settingsOf = async () => (await shop.api<SettingsJson>('GET', '/program/settings')).body;
  const save = (body: unknown, language?: string) => shop.api<SettingsJson & ErrorJson>('PUT', '/program/settings', body, { language });
  const withTier = (s: SettingsJson, name: string, threshold: number) => ({ ...s, tiers: [...s.tiers, { name, threshold, multiplier: 3 }] });
  const renamed = (s: SettingsJson, from: string, to: string) => ({ ...s, tiers: s.tiers.map((t) => (t.name === from ? { ...t, name: to } : t)) });

  beforeAll(async () => {
    shop = await f.addShop('two-editors.myshopify.com');
  });

  it('refuses the save of an editor that read before another save (409, in English and German) and changes nothing', async () => {
    const mine = await settingsOf();
    const theirs = await settingsOf();
    const added = await save(withTier(theirs, 'Platin', 5000));
    expect([added.status, added.body.version]).toEqual([200, theirs.version + 1]);
    const saved = await settingsOf();

    // Mine still shows the program without Platin: saved, it would remove that tier, and change the rate and a name.
    const stale = { ...renamed(mine, 'Gold', 'Gold Plus'), earning: { ...mine.earning, pointsPerCurrencyUnit: 3 } };
    for (const language of ['en', 'de'] as const) {
      const res = await save(stale, language);
      expect([res.status, res.body]).toEqual([409, { error: EDIT_CONFLICT[language] }]);
    }
    expect(await settingsOf()).toEqual(saved);

    // Reloaded, my change goes on top of theirs.
    const reloaded = await settingsOf();
    const res = await save(renamed(reloaded, 'Gold', 'Gold Plus'));
    expect(res.status).toBe(200);
    expect(res.body.tiers.map((t) => t.name)).toEqual(['Bronze', 'Silber', 'Gold Plus', 'Platin']);
    expect(res.body.version).toBe(reloaded.version + 1);
  });

  it('of two saves at once from one version, one is saved and the other refused without a trace', async () => {
    const read = await settingsOf();
    const results = await Promise.all([save(withTier(read, 'Diamant', 8000)), save(withTier(read, 'Titan', 9000))]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const names = (await settingsOf()).tiers.map((t) => t.name);
    expect(names).toEqual(results.find((r) => r.status === 200)?.body.tiers.map((t) => t.name));
    expect(names.filter((name) => name === 'Diamant' || name === 'Titan')).toHaveLength(1);
  });

  it('refuses a save without the version it read', async () => {
    const { version: _read, ...unversioned } = await settingsOf();
    await expectInvalidInput((language) => save(unversioned, language), ['version']);
  });
});

describe('tier names: no two alike, no two with one customer tag', () => {
  let shop: ShopClient;
  let settings: SettingsJson;

  beforeAll(async () => {
    // A German shop: Bronze, Silber, Gold, tagged by their keys loyale-tier-bronze, -silver, -gold.
    shop = await f.addShop('tier-names.myshopify.com');
    settings = (await shop.api<SettingsJson>('GET', '/program/settings')).body;
  });

  const withTier = (name: string) => ({ ...settings, tiers: [...settings.tiers, { name, threshold: 5000, multiplier: 2 }] });

  it.each([
    ['a name another tier has, in other case', 'gold'],
    ['a name whose tag is a default tier’s (Silber is tagged loyale-tier-silver)', 'Silver'],
    ['a name whose tag is another name’s', 'Bronze!'],
  ])('refuses %s on that name, in English and German, and changes nothing', async (_case, name) => {
    await expectInvalidInput((language) => shop.api<ErrorJson>('PUT', '/program/settings', withTier(name), { language }), ['tiers.3.name']);
    expect((await shop.api<SettingsJson>('GET', '/program/settings')).body).toEqual(settings);
  });

  it.each([
    ['en', 'Another tier has this name, or one that gives the same customer tag'],
    ['de', 'Eine andere Stufe hat diesen Namen oder einen, der dasselbe Kunden-Tag ergibt'],
  ])('says why in %s', async (language, message) => {
    const res = await shop.api<ErrorJson>('PUT', '/program/settings', withTier('GOLD'), { language });
    expect(res.body.details).toEqual({ fieldErrors: { 'tiers.3.name': message }, fieldErrorCodes: { 'tiers.3.name': { code: 'tier_name_taken', params: {} } } });
  });

  it('saves a name of its own', async () => {
    const res = await shop.api<SettingsJson>('PUT', '/program/settings', withTier('Platin'));
    expect(res.status).toBe(200);
    expect(res.body.tiers.map((t) => t.name)).toEqual(['Bronze', 'Silber', 'Gold', 'Platin']);
  });
});

describe('names in the program’s other language', () => {
  let shop: ShopClient;
  let settings: SettingsJson;
  const settingsOf = async () => (await shop.api<SettingsJson>('GET', '/program/settings')).body;
  const save = (body: unknown, language?: string) => shop.api<SettingsJson & ErrorJson>('PUT', '/program/settings', body, { language });
  const translations = (s: SettingsJson) => [s.tiers.map((t) => [t.name, t.nameTranslation]), s.rewards.map((r) => [r.name, r.nameTranslation])];
  /** `s` with tier `i`'s fields patched. */
  const tierPatch = (s: SettingsJson, i: number, patch: object) => ({ ...s, tiers: s.tiers.map((t, j) => (i === j ? { ...t, ...patch } : t)) });

  beforeAll(async () => {
    // A German shop: the translations are the English names.
    shop = await f.addShop('name-translations.myshopify.com');
    settings = await settingsOf();
  });

  it('saves them with the rest, trimmed; blank clears one, left out keeps it, a new tier or reward may bring its own', async () => {
    const body = {
      ...settings,
      tiers: [
        // Left out: Bronze keeps "Bronze".
        (({ nameTranslation: _kept, ...bronze }) => bronze)(settings.tiers[0]!),
        { ...settings.tiers[1]!, nameTranslation: '  Silver Club ' },
        { ...settings.tiers[2]!, nameTranslation: '   ' },
        { name: 'Platin', nameTranslation: 'Platinum', threshold: 5000, multiplier: 2 },
      ],
      rewards: [
        { ...settings.rewards[0]!, nameTranslation: null },
        settings.rewards[1]!,
        { name: 'Tasse gratis', nameTranslation: 'Free mug', kind: 'free_product', cost: 900, value: null, active: true, productVariantId: MUG_VARIANT },
      ],
    };
    const res = await save(body);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(settings.version + 1);
    const saved = await settingsOf();
    expect(res.body).toEqual(saved);
    expect(translations(saved)).toEqual([
      [['Bronze', 'Bronze'], ['Silber', 'Silver Club'], ['Gold', null], ['Platin', 'Platinum']],
      [['Kostenloser Versand', null], ['10 % Rabatt', '10% off'], ['Tasse gratis', 'Free mug']],
    ]);
    const rows = await f.db.tier.findMany({ where: { shopId: shop.id }, orderBy: { threshold: 'asc' }, select: { name: true, nameTranslation: true } });
    expect(rows.map((r) => [r.name, r.nameTranslation])).toEqual(translations(saved)[0]);

    // The contract's view and the storefront's names without a language stay the program's own.
    const program = await shop.api<{ tiers: object[]; rewards: object[] }>('GET', '/program');
    expect(program.body.tiers).toEqual(saved.tiers.map(({ id, name, threshold, multiplier }) => ({ id, name, threshold, multiplier })));
    expect(program.body.rewards).toEqual(saved.rewards.map(({ id, name, kind, cost, value }) => ({ id, name, kind, cost, value })));
    settings = saved;
  });

  it('a renamed tier or reward whose translation the save leaves out loses it (it named what it was called before)', async () => {
    const { nameTranslation: _silver, ...silver } = settings.tiers[1]!;
    const { nameTranslation: _mug, ...mug } = settings.rewards[2]!;
    const res = await save({ ...settings, tiers: settings.tiers.map((t, i) => (i === 1 ? { ...silver, name: 'Silber Plus' } : t)), rewards: settings.rewards.map((r, i) => (i === 2 ? { ...mug, name: 'Becher gratis' } : r)) });
    expect(res.status).toBe(200);
    expect(translations(res.body)).toEqual([
      [['Bronze', 'Bronze'], ['Silber Plus', null], ['Gold', null], ['Platin', 'Platinum']],
      [['Kostenloser Versand', null], ['10 % Rabatt', '10% off'], ['Becher gratis', null]],
    ]);
    // Renamed back with the translation given, it is stored again.
    const back = await save({ ...res.body, tiers: res.body.tiers.map((t, i) => (i === 1 ? { ...t, name: 'Silber', nameTranslation: 'Silver Club' } : t)) });
    expect(back.status).toBe(200);
    settings = back.body;
    expect(translations(settings)[0]?.[1]).toEqual(['Silber', 'Silver Club']);
  });

  it.each<[string, (s: SettingsJson) => unknown, string[]]>([
    ['a tier’s over 60 characters', (s) => tierPatch(s, 1, { nameTranslation: 'x'.repeat(61) }), ['tiers.1.nameTranslation']],
    ['a reward’s over 60 characters', (s) => ({ ...s, rewards: s.rewards.map((r, i) => (i === 1 ? { ...r, nameTranslation: 'y'.repeat(61) } : r)) }), ['rewards.1.nameTranslation']],
    ['a line break in one', (s) => tierPatch(s, 2, { nameTranslation: 'Go\nld' }), ['tiers.2.nameTranslation']],
    ['one that is not text', (s) => ({ ...s, rewards: s.rewards.map((r, i) => (i === 0 ? { ...r, nameTranslation: 5 } : r)) }), ['rewards.0.nameTranslation']],
    ['a tier’s another tier has, in other case', (s) => tierPatch(s, 3, { nameTranslation: 'SILVER CLUB' }), ['tiers.3.nameTranslation']],
    // Gold has none, so English shoppers read "Gold": a new tier may not be called that in English.
    ['a new tier’s that another tier shows', (s) => ({ ...s, tiers: [...s.tiers, { name: 'Gelb', nameTranslation: 'gold', threshold: 9000, multiplier: 3 }] }), ['tiers.4.nameTranslation']],
    ['none, on a tier named like another one’s translation', (s) => ({ ...s, tiers: [...s.tiers, { name: 'Platinum', threshold: 9000, multiplier: 3 }] }), ['tiers.4.nameTranslation']],
  ])('answers 422 for %s, on the field in English and German, and changes nothing', async (_case, edit, fields) => {
    await expectInvalidInput((language) => save(edit(settings), language), fields);
    expect(await settingsOf()).toEqual(settings);
  });

  it.each([
    ['en', 'Another tier has this name in this language', "Without a name here, shoppers reading this language see another tier's name; enter one for this tier"],
    ['de', 'Eine andere Stufe hat in dieser Sprache schon diesen Namen', 'Ohne Namen hier sehen Kunden in dieser Sprache den Namen einer anderen Stufe; gib dieser Stufe einen eigenen'],
  ])('says why in %s', async (language, taken, needed) => {
    const res = await save({ ...settings, tiers: [...settings.tiers, { name: 'Platinum', threshold: 9000, multiplier: 3 }, { name: 'Titan', nameTranslation: 'Silver club', threshold: 9500, multiplier: 3 }] }, language);
    expect(res.body.details).toEqual({
      fieldErrors: { 'tiers.4.nameTranslation': needed, 'tiers.5.nameTranslation': taken },
      fieldErrorCodes: { 'tiers.4.nameTranslation': { code: 'tier_translation_needed', params: {} }, 'tiers.5.nameTranslation': { code: 'tier_translation_taken', params: {} } },
    });
  });

  it('a translation changed by an editor that read before another save is refused (409) and changes nothing', async () => {
    const mine = await settingsOf();
    const theirs = await save(tierPatch(mine, 2, { nameTranslation: 'Golden' }));
    expect(theirs.status).toBe(200);
    const stale = await save(tierPatch(mine, 2, { nameTranslation: 'Gold Club' }));
    expect([stale.status, stale.body]).toEqual([409, { error: EDIT_CONFLICT.en }]);
    expect((await settingsOf()).tiers[2]).toMatchObject({ name: 'Gold', nameTranslation: 'Golden' });
  });
});

describe('the save lock', () => {
  it('lets a redemption reference a reward while a save holds the program (no wait, no deadlock)', async () => {
    const { lockProgram } = await import('../program/settings-repository.js');
    const reward = await f.db.reward.findFirstOrThrow({ where: { shopId: f.shop.id } });
    const member = await f.db.member.create({ data: { shopId: f.shop.id, customerId: `lock-${Date.now()}`, points: 1000 } });
    let inserted: unknown = null;
    await f.db.$transaction(async (tx) => {
      expect(await lockProgram(tx, f.shop.id)).not.toBeNull();
      // Another connection inserts a row with a foreign key to a locked reward while the save's locks are held: with
      // FOR UPDATE on the rewards it would wait (here: fail on the lock timeout).
      inserted = await f.db.$transaction(async (other) => {
        await other.$executeRaw`SET LOCAL lock_timeout = '2s'`;
        return other.redemption.create({
          data: { shopId: f.shop.id, memberId: member.id, rewardId: reward.id, cost: 1, code: `LOCK-${member.id}`, expiresAt: new Date(Date.now() + 86_400_000) },
        });
      });
    });
    expect(inserted).toMatchObject({ rewardId: reward.id, status: 'pending' });
  });
});

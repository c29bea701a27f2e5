/**
 * The rewards editor's API (issue 4): the catalog fields of `GET|PUT /api/program/settings`, the product picker
 * `GET /api/products/variants`, and a free-product reward saved with its product looked up on the platform.
 * The whole app (startTestApp) with the emulator as the platform.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../emulator/demo-data.js';
import type { toProgramSettingsJson } from '../admin-api/dto/program-settings.js';
import { startAdminApiFixture, type AdminApiFixture, type ErrorJson } from '../admin-api/test-fixture.js';

type SettingsJson = ReturnType<typeof toProgramSettingsJson>;

/** The admin API's languages and its 422's `error` in each. */
const LANGUAGES = [
  { language: 'en', invalidInput: 'Invalid input' },
  { language: 'de', invalidInput: 'Ungültige Eingabe' },
] as const;
type RewardJson = SettingsJson['rewards'][number];

let f: AdminApiFixture;
let initial: SettingsJson;
const MUG = DEMO_PRODUCTS.find((p) => p.sku === 'MUG-MR')!;
const MUG_VARIANT = `gid://shopify/ProductVariant/${MUG.variantId}`;

beforeAll(async () => {
  f = await startAdminApiFixture('rewards-editor.myshopify.com');
  initial = (await f.shop.api<SettingsJson>('GET', '/program/settings')).body;
});

afterAll(async () => {
  await f?.close();
});

const put = (body: unknown, language?: string) => f.shop.api<SettingsJson & ErrorJson>('PUT', '/program/settings', body, { language });
const tierId = (settings: SettingsJson, name: string) => settings.tiers.find((t) => t.name === name)!.id;
/** The settings as the editor sends them back (GET's shape; the read-only product left out). */
const editable = (settings: SettingsJson) => ({
  ...settings,
  rewards: settings.rewards.map(({ product: _product, ...reward }) => reward),
});
const withReward = (settings: SettingsJson, reward: Partial<RewardJson> & Record<string, unknown>) => ({
  ...editable(settings),
  rewards: [...editable(settings).rewards, reward],
});
const imageUrl = () => `${f.emulator.url}/images/products/${MUG.handle}.svg`;

describe('GET /api/program/settings: the catalog fields of every reward', () => {
  it('the defaults: no minimum, 90 days, combining, every tier, no product', () => {
    expect(initial.rewards.map(({ id: _id, ...reward }) => reward)).toEqual([
      {
        name: 'Kostenloser Versand', nameTranslation: 'Free shipping', kind: 'free_shipping', cost: 300, value: null, active: true,
        minimumSubtotal: null, validityDays: 90, combinesWithOtherDiscounts: true, minimumTierId: null, productVariantId: null, product: null, productMissingAt: null,
      },
      {
        name: '10 % Rabatt', nameTranslation: '10% off', kind: 'percentage_off', cost: 500, value: 0.1, active: true,
        minimumSubtotal: null, validityDays: 90, combinesWithOtherDiscounts: true, minimumTierId: null, productVariantId: null, product: null, productMissingAt: null,
      },
    ]);
  });
});

describe('PUT /api/program/settings: rewards', () => {
  it('saves a Gold-only amount off with a minimum subtotal, its validity and no combining', async () => {
    const gold = tierId(initial, 'Gold');
    const res = await put(
      withReward(initial, {
        name: '7,50 € Rabatt', kind: 'amount_off', cost: 700, value: 7.5, active: true,
        minimumSubtotal: '30', validityDays: 30, combinesWithOtherDiscounts: false, minimumTierId: gold,
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body.rewards.at(-1)).toEqual({
      id: expect.any(String), name: '7,50 € Rabatt', nameTranslation: null, kind: 'amount_off', cost: 700, value: 7.5, active: true,
      minimumSubtotal: '30.00', validityDays: 30, combinesWithOtherDiscounts: false, minimumTierId: gold, productVariantId: null, product: null, productMissingAt: null,
    });
    const stored = await f.db.reward.findUniqueOrThrow({ where: { id: Number(res.body.rewards.at(-1)!.id) } });
    expect(stored).toMatchObject({ validityDays: 30, combinesWithOtherDiscounts: false, minimumTierId: Number(gold) });
    expect(stored.minimumSubtotal?.toString()).toBe('30');

    // Saving it back unchanged, and leaving the catalog fields out, keeps them.
    const again = await put(editable(res.body));
    expect(again.body.rewards).toEqual(res.body.rewards);
    const bare = {
      ...editable(again.body),
      rewards: res.body.rewards.map(({ id, name, kind, cost, value, active, productVariantId }) => ({ id, name, kind, cost, value, active, productVariantId })),
    };
    expect((await put(bare)).body.rewards).toEqual(res.body.rewards);
  });

  it('saves a free product: looks the variant up on the platform and caches its title and image', async () => {
    const before = f.emulator.graphqlLog(f.shop.domain).length;
    const current = (await f.shop.api<SettingsJson>('GET', '/program/settings')).body;
    const res = await put(withReward(current, { name: 'Gratis-Becher', kind: 'free_product', cost: 900, value: null, active: true, productVariantId: MUG_VARIANT }));
    expect(res.status).toBe(200);
    const saved = res.body.rewards.at(-1)!;
    expect(saved).toMatchObject({ kind: 'free_product', productVariantId: MUG_VARIANT, product: { title: MUG.title, variantTitle: null, imageUrl: imageUrl() } });
    const calls = f.emulator.graphqlLog(f.shop.domain).slice(before);
    expect(calls.map((c) => [c.operationName, c.variables, c.status])).toEqual([['ProductVariant', { id: MUG_VARIANT }, 200]]);
    expect(await f.db.reward.findUniqueOrThrow({ where: { id: Number(saved.id) } })).toMatchObject({
      productVariantId: MUG_VARIANT, productTitle: MUG.title, variantTitle: null, productImageUrl: imageUrl(),
    });
    expect((await (await fetch(imageUrl())).text()).startsWith('<svg')).toBe(true);

    // Another kind clears the product.
    const changed = await put({
      ...editable(res.body),
      rewards: editable(res.body).rewards.map((r) => (r.id === saved.id ? { ...r, kind: 'amount_off', value: 5 } : r)),
    });
    expect(changed.body.rewards.find((r) => r.id === saved.id)).toMatchObject({ kind: 'amount_off', productVariantId: null, product: null });
    expect(await f.db.reward.findUniqueOrThrow({ where: { id: Number(saved.id) } })).toMatchObject({ productVariantId: null, productTitle: null, productImageUrl: null });
  });

  describe.each(LANGUAGES)('422 with the field ($language)', ({ language, invalidInput }) => {
    const invalid = async (reward: Record<string, unknown>, path: string, code: string) => {
      const current = (await f.shop.api<SettingsJson>('GET', '/program/settings')).body;
      const index = current.rewards.length;
      const res = await put(withReward(current, { name: 'R', kind: 'free_shipping', cost: 10, value: null, active: true, ...reward }), language);
      expect(res.status).toBe(422);
      expect(res.body.error).toBe(invalidInput);
      expect(res.body.details?.fieldErrorCodes[`rewards.${index}.${path}`]?.code).toBe(code);
      expect(typeof res.body.details?.fieldErrors[`rewards.${index}.${path}`]).toBe('string');
      return res.body.details!.fieldErrors[`rewards.${index}.${path}`];
    };

    it('a variant the shop does not have, a malformed one, none for a free product', async () => {
      const message = await invalid({ kind: 'free_product', productVariantId: 'gid://shopify/ProductVariant/123' }, 'productVariantId', 'reward_product_unknown');
      expect(message).toBe(language === 'de' ? 'Diese Produktvariante gibt es in deinem Shop nicht' : 'This product variant is not in your shop');
      await invalid({ kind: 'free_product', productVariantId: '46100000000009' }, 'productVariantId', 'reward_product_unknown');
      await invalid({ kind: 'free_product' }, 'productVariantId', 'reward_product_required');
      await invalid({ kind: 'free_product', productVariantId: null }, 'productVariantId', 'reward_product_required');
    });

    it('validity days outside 1..365, a bad minimum subtotal, a bad combine flag', async () => {
      await invalid({ validityDays: 0 }, 'validityDays', 'too_small');
      await invalid({ validityDays: 366 }, 'validityDays', 'too_big');
      await invalid({ validityDays: 1.5 }, 'validityDays', 'invalid_type');
      await invalid({ minimumSubtotal: '-5' }, 'minimumSubtotal', 'too_small');
      await invalid({ minimumSubtotal: '0' }, 'minimumSubtotal', 'too_small');
      await invalid({ minimumSubtotal: '10.555' }, 'minimumSubtotal', 'decimal_places');
      await invalid({ minimumSubtotal: 'zehn' }, 'minimumSubtotal', 'invalid_type');
      await invalid({ combinesWithOtherDiscounts: 'yes' }, 'combinesWithOtherDiscounts', 'invalid_type');
    });

    it("a tier that is not the shop's, or that the same edit removes", async () => {
      await invalid({ minimumTierId: '999999' }, 'minimumTierId', 'reward_tier_unknown');
      await invalid({ minimumTierId: 'gold' }, 'minimumTierId', 'not_an_id');
      const current = (await f.shop.api<SettingsJson>('GET', '/program/settings')).body;
      const gold = tierId(current, 'Gold');
      const res = await put(
        {
          ...withReward(current, { name: 'R', kind: 'free_shipping', cost: 10, value: null, active: true, minimumTierId: gold }),
          tiers: current.tiers.filter((t) => t.id !== gold),
        },
        language,
      );
      expect(res.status).toBe(422);
      expect(Object.entries(res.body.details!.fieldErrorCodes).map(([path, issue]) => [path, issue.code])).toContainEqual([
        `rewards.${current.rewards.length}.minimumTierId`,
        'reward_tier_unknown',
      ]);
    });
  });

  it('nothing is saved when a product lookup fails', async () => {
    const current = (await f.shop.api<SettingsJson>('GET', '/program/settings')).body;
    const res = await put({
      ...withReward(current, { name: 'X', kind: 'free_product', cost: 5, value: null, active: true, productVariantId: 'gid://shopify/ProductVariant/1' }),
      earning: { ...current.earning, pointsPerCurrencyUnit: 3 },
    });
    expect(res.status).toBe(422);
    expect((await f.shop.api<SettingsJson>('GET', '/program/settings')).body).toEqual(current);
  });
});

describe('GET /api/products/variants', () => {
  interface VariantsJson {
    variants: { id: string; productTitle: string; variantTitle: string | null; imageUrl: string | null; price: string }[];
  }
  const variants = (query?: string) =>
    f.shop.api<VariantsJson & ErrorJson>('GET', `/products/variants${query === undefined ? '' : `?query=${encodeURIComponent(query)}`}`);

  it('finds variants by what the merchant types, each with its product, image and price', async () => {
    const res = await variants('becher');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      variants: [{ id: MUG_VARIANT, productId: `gid://shopify/Product/${MUG.productId}`, productTitle: MUG.title, variantTitle: null, imageUrl: imageUrl(), price: MUG.price }],
    });
    const searched = f.emulator.graphqlLog(f.shop.domain).at(-1);
    expect(searched).toMatchObject({ operationName: 'ProductVariantsSearch', variables: { first: 25, query: 'becher*' } });
  });

  it('lists the first ones for no query; words narrow it down; search syntax is not passed on', async () => {
    expect((await variants()).body.variants).toHaveLength(DEMO_PRODUCTS.length);
    expect((await variants('haus misch')).body.variants.map((v) => v.productTitle)).toEqual(['Hausmischung, 500 g', 'Büro-Vorrat Hausmischung, 3 kg']);
    expect((await variants('title:"x" OR sku:y')).status).toBe(200);
    expect(f.emulator.graphqlLog(f.shop.domain).at(-1)?.variables).toEqual({ first: 25, query: 'title* x* sku* y*' });
  });

  it('a query longer than 200 characters → 422; no session token → 401', async () => {
    const long = await variants('x'.repeat(201));
    expect(long.status).toBe(422);
    expect(long.body.details?.fieldErrorCodes.query?.code).toBe('too_big');
    expect((await fetch(`${f.app.url}/api/products/variants`)).status).toBe(401);
  });

  it('a shop whose token was lost meanwhile (its refresh refused) → 401 in the language asked; the next request installs it afresh', async () => {
    // An expired token the install check still counts as usable (it has a refresh token), which the platform refuses.
    await f.db.session.updateMany({
      where: { shop: f.shop.domain, isOnline: false },
      data: { expires: new Date(Date.now() - 60_000), refreshToken: 'shprt_refused' },
    });
    const lost = await f.shop.api<ErrorJson>('GET', '/products/variants', undefined, { language: 'de' });
    expect(lost.status).toBe(401);
    expect(lost.body.error).toBe('Loyales Zugriff auf diesen Shop ist abgelaufen; lade Loyale im Shopify-Admin neu');
    expect(await f.db.session.count({ where: { shop: f.shop.domain, isOnline: false } })).toBe(0);
    const again = await variants('becher');
    expect(again.status).toBe(200);
    expect(again.body.variants).toHaveLength(1);
  });
});

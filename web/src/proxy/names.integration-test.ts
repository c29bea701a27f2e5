import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../shopify/test-harness.js';

/**
 * The app proxy's tier and reward names in the storefront's language: the widget sends `?locale=` (signed by the
 * platform like every parameter); without it, and for a language the program has no names in, every answer is exactly
 * what it was (CONTRACT.md); with the program's other language, the names are its translations where they exist.
 */
let h: Harness;
const SHOP = 'proxy-names.myshopify.com';
const MEMBER = '2001';

/** The English names of this German shop's program as the merchant left them; the others have none. */
const ENGLISH: Record<string, string> = {
  Bronze: 'Bronze',
  Silber: 'Silver',
  'Kostenloser Versand': 'Free shipping',
  '10 % Rabatt': '10% off',
  'Gold-Geschenk': 'Gold gift',
};

let rewardIds: { shipping: string; goldGift: string };
let goldId: string;

beforeAll(async () => {
  h = await startHarness();
  h.emulator.addShop({ domain: SHOP, currencyCode: 'EUR', primaryLocale: 'de' });
  // Installed: the default program in German, with English names.
  expect((await h.api('/program', h.emulator.mintSessionToken(SHOP))).status).toBe(200);
  const { id: shopId } = await h.ctx.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
  // Gold renamed without an English name; a Gold-only reward with one.
  const gold = await h.ctx.db.tier.findFirstOrThrow({ where: { shopId, key: 'gold' } });
  await h.ctx.db.tier.update({ where: { id: gold.id }, data: { name: 'Goldstufe', nameTranslation: null } });
  const goldGift = await h.ctx.db.reward.create({
    data: { shopId, name: 'Gold-Geschenk', nameTranslation: 'Gold gift', kind: 'free_shipping', cost: 100, minimumTierId: gold.id },
  });
  const shipping = await h.ctx.db.reward.findFirstOrThrow({ where: { shopId, key: 'free_shipping' } });
  rewardIds = { shipping: String(shipping.id), goldGift: String(goldGift.id) };
  goldId = String(gold.id);
  // A Silber member with points enough for everything; Silber's monthly perk is free shipping.
  const memberId = await h.seedPoints(SHOP, MEMBER, 5000);
  await h.ctx.db.member.update({ where: { id: memberId }, data: { qualifyingPoints: 600 } });
  const silber = await h.ctx.db.tier.findFirstOrThrow({ where: { shopId, key: 'silver' } });
  await h.ctx.db.tierPerk.create({ data: { shopId, tierId: silber.id, rewardId: shipping.id } });
});

afterAll(async () => {
  await h?.close();
});

/** A signed proxy request as the platform forwards the widget's, `locale` among its parameters when given. */
async function get(path: string, customerId: string | null, locale?: string): Promise<{ status: number; body: unknown }> {
  const query = h.emulator.signProxyQuery(SHOP, customerId, locale === undefined ? {} : { extra: { locale } });
  const res = await h.proxy(path, query);
  return { status: res.status, body: await res.json() };
}

/** `value` with every `name` and `rewardName` in English as ENGLISH has it (others unchanged): what `?locale=en` answers. */
function inEnglish(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(inEnglish);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, (key === 'name' || key === 'rewardName') && typeof v === 'string' ? (ENGLISH[v] ?? v) : inEnglish(v)]),
  );
}

describe('GET /proxy/customer with and without the storefront’s language', () => {
  it.each([MEMBER, null])('customer %s: without it, the contract’s answer with the names as stored', async (customerId) => {
    const { status, body } = await get('/customer', customerId);
    expect(status).toBe(200);
    const view = body as { tiers: { name: string }[]; rewards: { name: string }[]; tier: { name: string } | null; nextTier: { name: string } | null };
    expect(Object.keys(view).sort()).toEqual(['customerId', 'nextTier', 'points', 'rewards', 'tier', 'tiers', 'waysToEarn']);
    expect(view.tiers.map((t) => t.name)).toEqual(['Bronze', 'Silber', 'Goldstufe']);
    expect(view.rewards.map((r) => r.name)).toEqual(['Gold-Geschenk', 'Kostenloser Versand', '10 % Rabatt']);
    if (customerId) expect([view.tier?.name, view.nextTier?.name]).toEqual(['Silber', 'Goldstufe']);
  });

  it.each([MEMBER, null])('customer %s: in English, the same answer with the English names where there are any', async (customerId) => {
    const stored = await get('/customer', customerId);
    for (const locale of ['en', 'en-GB', 'EN']) {
      const english = await get('/customer', customerId, locale);
      expect(english.status).toBe(200);
      expect(english.body).toEqual(inEnglish(stored.body));
    }
    const view = (await get('/customer', customerId, 'en')).body as { tiers: { name: string }[]; rewards: { name: string }[] };
    // Goldstufe has no English name: English shoppers read the German one.
    expect(view.tiers.map((t) => t.name)).toEqual(['Bronze', 'Silver', 'Goldstufe']);
    expect(view.rewards.map((r) => r.name)).toEqual(['Gold gift', 'Free shipping', '10% off']);
  });

  it.each(['de', 'de-AT', 'fr', 'pt_BR'])('in %s (the program’s own language, or one without names): exactly the answer without', async (locale) => {
    const stored = await get('/customer', MEMBER);
    expect(await get('/customer', MEMBER, locale)).toEqual(stored);
  });

  it('a locale that is no language tag reads as none (the contract\'s answer); unsigned, the signature refuses it (401)', async () => {
    const stored = await get('/customer', MEMBER);
    for (const locale of ['x', '', 'de DE', 'en-']) expect(await get('/customer', MEMBER, locale)).toEqual(stored);
    const unsigned = h.emulator.signProxyQuery(SHOP, MEMBER, { extra: { locale: 'en' } });
    unsigned.set('locale', 'de');
    expect((await h.proxy('/customer', unsigned)).status).toBe(401);
  });
});

describe('the other storefront answers in the storefront’s language', () => {
  it('GET /proxy/rewards: the tier a reward needs', async () => {
    const stored = await get('/rewards', MEMBER);
    const english = await get('/rewards', MEMBER, 'en');
    expect(english).toEqual({ status: 200, body: inEnglish(stored.body) });
    const gift = (english.body as { rewards: { id: string; requiredTier: unknown }[] }).rewards.find((r) => r.id === rewardIds.goldGift);
    expect(gift?.requiredTier).toEqual({ id: goldId, name: 'Goldstufe' });
  });

  it('GET /proxy/perks: the reward of the member’s monthly perk', async () => {
    expect((await get('/perks', MEMBER)).body).toMatchObject({ perk: { rewardName: 'Kostenloser Versand', kind: 'free_shipping' } });
    expect((await get('/perks', MEMBER, 'en')).body).toMatchObject({ perk: { rewardName: 'Free shipping', kind: 'free_shipping' } });
    expect((await get('/perks', MEMBER, 'fr')).body).toMatchObject({ perk: { rewardName: 'Kostenloser Versand' } });
  });

  it('POST /proxy/rewards/:id/redeem refused for the tier names it in English; GET /proxy/activity names the codes’ rewards', async () => {
    const redeem = async (rewardId: string, locale?: string) => {
      const res = await h.proxy(`/rewards/${rewardId}/redeem`, h.emulator.signProxyQuery(SHOP, MEMBER, locale ? { extra: { locale } } : {}), 'POST');
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    // Goldstufe has no English name: the refusal names it as stored, in English and without a language alike.
    for (const locale of [undefined, 'en']) {
      expect(await redeem(rewardIds.goldGift, locale)).toEqual({
        status: 409,
        body: { error: 'This reward is for Goldstufe members and above', details: { requiredTier: { id: goldId, name: 'Goldstufe' } } },
      });
    }
    const { id: shopId } = await h.ctx.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    await h.ctx.db.tier.updateMany({ where: { shopId, key: 'gold' }, data: { nameTranslation: 'Gold level' } });
    expect((await redeem(rewardIds.goldGift, 'en')).body).toEqual({
      error: 'This reward is for Gold level members and above',
      details: { requiredTier: { id: goldId, name: 'Gold level' } },
    });
    expect((await redeem(rewardIds.goldGift)).body).toMatchObject({ details: { requiredTier: { id: goldId, name: 'Goldstufe' } } });

    const issued = await redeem(rewardIds.shipping, 'en');
    expect(issued.status).toBe(200);
    const codes = async (locale?: string) => ((await get('/activity', MEMBER, locale)).body as { codes: { code: string; rewardName: string }[] }).codes;
    expect(await codes()).toEqual([expect.objectContaining({ code: issued.body.code, rewardName: 'Kostenloser Versand' })]);
    expect(await codes('en')).toEqual([expect.objectContaining({ code: issued.body.code, rewardName: 'Free shipping' })]);
    expect(await codes('de')).toEqual(await codes());
  });
});

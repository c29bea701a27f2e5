import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../emulator/demo-data.js';
import { eventually } from '../../test/harness.js';
import type { toTierPerksJson } from './dto/tier-perks.js';
import { EDIT_CONFLICT, editorVersion, expectInvalidInput, startAdminApiFixture, type AdminApiFixture, type ErrorJson } from './test-fixture.js';
import { storePerkOnlyProductReward } from '../rewards/test-rewards.js';

type TierPerksJson = ReturnType<typeof toTierPerksJson>;

let f: AdminApiFixture;
let initial: TierPerksJson;
let tierIds: string[];
let rewardIds: string[];

beforeAll(async () => {
  f = await startAdminApiFixture('tier-perks-api.myshopify.com');
  initial = (await f.shop.api<TierPerksJson>('GET', '/tier-perks')).body;
  tierIds = initial.perks.map((p) => p.tierId);
  rewardIds = initial.rewards.map((r) => r.id);
});

afterAll(async () => {
  await f?.close();
});

/** A save by an editor that has just loaded (the version read now), unless `body` names its own version. */
const put = async <T = ErrorJson>(body: object, language?: string) =>
  f.shop.api<T>('PUT', '/tier-perks', { version: await editorVersion(f.shop, '/tier-perks'), ...body }, language === undefined ? {} : { language });

describe('GET /api/tier-perks', () => {
  it('every tier, ascending, without a perk at first; the shop\'s rewards to choose from', () => {
    expect(initial).toEqual({
      version: expect.any(Number),
      perks: [
        { tierId: expect.any(String), tierName: 'Bronze', threshold: 0, rewardId: null, active: true },
        { tierId: expect.any(String), tierName: 'Silber', threshold: 500, rewardId: null, active: true },
        { tierId: expect.any(String), tierName: 'Gold', threshold: 2000, rewardId: null, active: true },
      ],
      rewards: [
        { id: expect.any(String), name: 'Kostenloser Versand', kind: 'free_shipping', active: true, productMissingAt: null },
        { id: expect.any(String), name: '10 % Rabatt', kind: 'percentage_off', active: true, productMissingAt: null },
      ],
    });
  });

  it('401 without a session token', async () => {
    expect((await fetch(`${f.app.url}/api/tier-perks`)).status).toBe(401);
  });
});

describe('PUT /api/tier-perks', () => {
  it('saves a perk per tier; a tier left out has none; answers what GET answers', async () => {
    const saved = await put<TierPerksJson>({
      perks: [
        { tierId: tierIds[2], rewardId: rewardIds[0], active: true },
        { tierId: tierIds[1], rewardId: rewardIds[1], active: false },
      ],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.perks.map((p) => [p.tierName, p.rewardId, p.active])).toEqual([
      ['Bronze', null, true],
      ['Silber', rewardIds[1], false],
      ['Gold', rewardIds[0], true],
    ]);
    expect((await f.shop.api('GET', '/tier-perks')).body).toEqual(saved.body);

    const cleared = await put<TierPerksJson>({ perks: [{ tierId: tierIds[2], rewardId: rewardIds[0], active: true }] });
    expect(cleared.body.perks.map((p) => [p.tierName, p.rewardId, p.active])).toEqual([
      ['Bronze', null, true],
      ['Silber', null, true],
      ['Gold', rewardIds[0], true],
    ]);
    // Cleared perks keep their row (this month's grants keep their perk).
    expect(await f.db.tierPerk.count({ where: { shopId: f.shop.id } })).toBe(3);
  });

  it.each<[string, (ids: { tiers: string[]; rewards: string[] }) => object, string[]]>([
    ['no perks list', () => ({}), ['perks']],
    ['perks not a list', () => ({ perks: 'gold' }), ['perks']],
    ['a tier id that is no id', ({ rewards }) => ({ perks: [{ tierId: 'gold', rewardId: rewards[0], active: true }] }), ['perks.0.tierId']],
    ['a reward id as a number', ({ tiers }) => ({ perks: [{ tierId: tiers[0], rewardId: 5, active: true }] }), ['perks.0.rewardId']],
    ['active missing', ({ tiers }) => ({ perks: [{ tierId: tiers[0], rewardId: null }] }), ['perks.0.active']],
    ['a tier listed twice', ({ tiers }) => ({ perks: [{ tierId: tiers[0], rewardId: null, active: true }, { tierId: tiers[0], rewardId: null, active: false }] }), ['perks.1.tierId']],
    ['an unknown tier', () => ({ perks: [{ tierId: '999999', rewardId: null, active: true }] }), ['perks.0.tierId']],
    ['an unknown reward', ({ tiers }) => ({ perks: [{ tierId: tiers[2], rewardId: '999999', active: true }] }), ['perks.0.rewardId']],
    ['both unknown', () => ({ perks: [{ tierId: '999998', rewardId: '999999', active: true }] }), ['perks.0.rewardId', 'perks.0.tierId']],
  ])('422 for %s, in English and German, and nothing changes', async (_name, body, fields) => {
    const before = (await f.shop.api('GET', '/tier-perks')).body;
    await expectInvalidInput((language) => put(body({ tiers: tierIds, rewards: rewardIds }), language), fields);
    expect((await f.shop.api('GET', '/tier-perks')).body).toEqual(before);
  });

  it('words a domain rule: an unknown tier', async () => {
    const res = await put({ perks: [{ tierId: '999999', rewardId: null, active: true }] }, 'de');
    expect(res.body.details?.fieldErrors).toEqual({ 'perks.0.tierId': 'Unbekannte Stufe' });
  });

  it('refuses a reward that cannot be issued (a free product without its variant, saved before variants were required), in English and German', async () => {
    const broken = await f.db.reward.create({ data: { shopId: f.shop.id, name: 'Gratis-Tasse', kind: 'free_product', cost: 900, active: false } });
    const body = { perks: [{ tierId: tierIds[2], rewardId: String(broken.id), active: true }] };
    const before = (await f.shop.api('GET', '/tier-perks')).body;
    const en = await put(body);
    expect(en.status).toBe(422);
    expect(en.body.details?.fieldErrors).toEqual({ 'perks.0.rewardId': 'This reward cannot be issued as set up (a free product needs its product variant); fix it in the rewards catalog' });
    expect(en.body.details?.fieldErrorCodes).toEqual({ 'perks.0.rewardId': { code: 'perk_reward_not_issuable', params: {} } });
    const de = await put(body, 'de');
    expect(de.body.details?.fieldErrors).toEqual({ 'perks.0.rewardId': 'Diese Prämie lässt sich so nicht ausgeben (ein Gratisprodukt braucht seine Produktvariante); korrigiere sie im Prämienkatalog' });
    expect((await f.shop.api('GET', '/tier-perks')).body).toEqual(before);

    // An inactive reward that can be issued stays allowed: a perk-only reward.
    const perkOnly = await f.db.reward.create({ data: { shopId: f.shop.id, name: 'Gold-Versand', kind: 'free_shipping', cost: 1, active: false } });
    expect((await put({ perks: [{ tierId: tierIds[2], rewardId: String(perkOnly.id), active: true }] })).status).toBe(200);
  });

  describe('a perk whose free product was deleted in the shop', () => {
    /** The mug of the emulator's catalogue: the free product of a perk-only reward, deleted in the shop below. */
    const MUG = DEMO_PRODUCTS.find((p) => p.sku === 'MUG-MR')!;
    let mugReward: string;
    const perksOf = (body: TierPerksJson) => body.perks.map(({ tierId, rewardId, active }) => ({ tierId, rewardId, active }));

    beforeAll(async () => {
      const reward = await storePerkOnlyProductReward(f.db, f.shop.id, 'Gratis-Becher', MUG);
      mugReward = String(reward.id);
      const current = (await f.shop.api<TierPerksJson>('GET', '/tier-perks')).body;
      const perks = perksOf(current).map((p) => (p.tierId === tierIds[1] ? { ...p, rewardId: mugReward, active: true } : p));
      expect((await put({ perks })).status).toBe(200);

      // The real path: the shop deletes the product, the app gets `products/delete` and marks the reward.
      expect(await f.emulator.catalog.deleteProduct(f.shop.domain, `gid://shopify/Product/${MUG.productId}`)).toMatchObject({ status: 200 });
      await eventually(async () => (await f.shop.api<TierPerksJson>('GET', '/tier-perks')).body.rewards.find((r) => r.id === mugReward)?.productMissingAt ?? undefined);
    });

    it('Silver\'s perk, saved unchanged, does not keep Gold\'s from being changed; it is kept as it is', async () => {
      const before = (await f.shop.api<TierPerksJson>('GET', '/tier-perks')).body;
      const gold = before.perks.find((p) => p.tierId === tierIds[2])!;
      const otherReward = rewardIds.find((id) => id !== gold.rewardId)!;
      const perks = perksOf(before).map((p) => (p.tierId === tierIds[2] ? { ...p, rewardId: otherReward } : p));
      const saved = await put<TierPerksJson>({ perks });
      expect(saved.status).toBe(200);
      expect(saved.body.perks.map((p) => [p.tierName, p.rewardId, p.active])).toEqual([
        ['Bronze', before.perks[0]!.rewardId, before.perks[0]!.active],
        ['Silber', mugReward, true],
        ['Gold', otherReward, gold.active],
      ]);
      // The reward stays marked: the admin keeps warning about Silver's perk.
      expect(saved.body.rewards.find((r) => r.id === mugReward)?.productMissingAt).not.toBeNull();
    });

    it('choosing that reward anew for Gold is refused on its field, saying the product was deleted, in English and German; nothing changes', async () => {
      const before = (await f.shop.api<TierPerksJson>('GET', '/tier-perks')).body;
      const perks = perksOf(before).map((p) => (p.tierId === tierIds[2] ? { ...p, rewardId: mugReward } : p));
      const gold = `perks.${perks.findIndex((p) => p.tierId === tierIds[2])}.rewardId`;
      await expectInvalidInput((language) => put({ perks }, language), [gold]);
      const en = await put({ perks });
      expect(en.body.details?.fieldErrorCodes).toEqual({ [gold]: { code: 'perk_reward_product_missing', params: {} } });
      expect(en.body.details?.fieldErrors[gold]).toBe(
        'The product of this reward was deleted from the shop; choose another product for it in the rewards catalog, or another reward',
      );
      expect((await put({ perks }, 'de')).body.details?.fieldErrors[gold]).toBe(
        'Das Produkt dieser Prämie wurde im Shop gelöscht; wähle im Prämienkatalog ein anderes Produkt dafür oder eine andere Prämie',
      );
      expect((await f.shop.api('GET', '/tier-perks')).body).toEqual(before);
    });

    it('switching Silver\'s perk on again is refused with the same reason', async () => {
      const before = (await f.shop.api<TierPerksJson>('GET', '/tier-perks')).body;
      const off = perksOf(before).map((p) => (p.tierId === tierIds[1] ? { ...p, active: false } : p));
      expect((await put({ perks: off })).status).toBe(200);
      const on = off.map((p) => (p.tierId === tierIds[1] ? { ...p, active: true } : p));
      const silver = `perks.${on.findIndex((p) => p.tierId === tierIds[1])}.rewardId`;
      expect((await put({ perks: on }, 'de')).body.details?.fieldErrorCodes).toEqual({ [silver]: { code: 'perk_reward_product_missing', params: {} } });
      expect((await f.shop.api<TierPerksJson>('GET', '/tier-perks')).body.perks.find((p) => p.tierId === tierIds[1])).toMatchObject({ rewardId: mugReward, active: false });
    });
  });

  it('another shop\'s tier and reward are unknown here', async () => {
    const other = await f.addShop('tier-perks-other.myshopify.com');
    const theirs = (await other.api<TierPerksJson>('GET', '/tier-perks')).body;
    const res = await put({ perks: [{ tierId: theirs.perks[0]!.tierId, rewardId: theirs.rewards[0]!.id, active: true }] });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.details?.fieldErrors ?? {}).sort()).toEqual(['perks.0.rewardId', 'perks.0.tierId']);
  });

  describe('two editors at once: a save names the version it read', () => {
    const perksOf = (body: TierPerksJson) => body.perks.map(({ tierId, rewardId, active }) => ({ tierId, rewardId, active }));
    const read = async () => (await f.shop.api<TierPerksJson>('GET', '/tier-perks')).body;
    const save = (body: object, language?: string) => f.shop.api<TierPerksJson & ErrorJson>('PUT', '/tier-perks', body, { language });
    const withPerk = (body: TierPerksJson, tierId: string, rewardId: string | null) => ({
      version: body.version,
      perks: perksOf(body).map((p) => (p.tierId === tierId ? { ...p, rewardId, active: true } : p)),
    });

    it('refuses the save of an editor that read before another perk save (409, in English and German) and changes nothing', async () => {
      const mine = await read();
      const theirs = await read();
      const given = await save(withPerk(theirs, tierIds[0]!, rewardIds[1]!));
      expect([given.status, given.body.version]).toEqual([200, theirs.version + 1]);
      const saved = await read();

      // Mine still shows Bronze without that perk: saved, it would take it away again.
      for (const language of ['en', 'de'] as const) {
        const res = await save(withPerk(mine, tierIds[1]!, rewardIds[0]!), language);
        expect([res.status, res.body]).toEqual([409, { error: EDIT_CONFLICT[language] }]);
      }
      expect(await read()).toEqual(saved);

      const reloaded = await read();
      const res = await save(withPerk(reloaded, tierIds[1]!, rewardIds[0]!));
      expect(res.status).toBe(200);
      expect(res.body.perks.slice(0, 2).map((p) => p.rewardId)).toEqual([rewardIds[1], rewardIds[0]]);
    });

    it('refuses it after a program save too: the tiers it shows may be gone or renamed', async () => {
      // A shop of its own: this one holds rewards (made below) that the program editor refuses to save.
      const shop = await f.addShop('tier-perks-program-save.myshopify.com');
      const mine = (await shop.api<TierPerksJson>('GET', '/tier-perks')).body;
      const program = (await shop.api<{ tiers: object[] }>('GET', '/program/settings')).body;
      const added = await shop.api('PUT', '/program/settings', { ...program, tiers: [...program.tiers, { name: 'Platin', threshold: 9000, multiplier: 2 }] });
      expect(added.status).toBe(200);
      const res = await shop.api('PUT', '/tier-perks', withPerk(mine, mine.perks[0]!.tierId, mine.rewards[0]!.id));
      expect(res.status).toBe(409);
      const after = (await shop.api<TierPerksJson>('GET', '/tier-perks')).body;
      expect(after.perks.map((p) => [p.tierName, p.rewardId])).toEqual([['Bronze', null], ['Silber', null], ['Gold', null], ['Platin', null]]);
    });

    it('of two saves at once from one version, one is saved and the other refused without a trace', async () => {
      const body = await read();
      const results = await Promise.all([save(withPerk(body, tierIds[0]!, null)), save(withPerk(body, tierIds[2]!, null))]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(perksOf(await read())).toEqual(perksOf(results.find((r) => r.status === 200)!.body));
    });

    it('refuses a save without the version it read', async () => {
      await expectInvalidInput((language) => save({ perks: perksOf(initial) }, language), ['version']);
    });
  });

  it('malformed JSON: 400', async () => {
    const res = await f.shop.api<ErrorJson>('PUT', '/tier-perks', '{"perks": [');
    expect(res.status).toBe(400);
  });
});

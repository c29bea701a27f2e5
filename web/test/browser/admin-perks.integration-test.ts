import { describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../emulator/demo-data.js';
import { createPerkGranter } from '../../src/perks/grant.js';
import { adminApi, adminTestFile, openAdmin, SHOP, seedShop } from './admin-support.js';
import { screenshot } from './chromium.js';
import { storePerkOnlyProductReward } from '../../src/rewards/test-rewards.js';

/**
 * Tier perks in the admin, in real Chromium: the "Tier perks" card on the program page saves a tier's monthly perk,
 * warns about a perk whose free product was deleted in the shop, and the customer page lists the member's perk codes
 * once granted.
 */
const env = adminTestFile(seedShop);

/** Jürgen Groß: 2,400 points from one order, Gold. */
const GOLD_CUSTOMER = '7003';

interface TierPerksJson {
  version: number;
  perks: { tierId: string; tierName: string; threshold: number; rewardId: string | null; active: boolean }[];
  rewards: { id: string; name: string; kind: string; productMissingAt: string | null }[];
}

/** The grinder of the emulator's catalogue: the free product of a perk-only reward, deleted in the shop below. */
const GRINDER = DEMO_PRODUCTS.find((p) => p.sku === 'GRIND-H')!;

describe('tier perks in the admin', () => {
  it('the program page\'s Tier perks card saves Gold\'s monthly perk', async () => {
    const { body } = await adminApi<TierPerksJson>(env.app, '/tier-perks');
    const gold = body.perks.find((p) => p.tierName === 'Gold')!;
    const freeShipping = body.rewards.find((r) => r.kind === 'free_shipping')!;

    const { page, errors, close } = await openAdmin(env.browser, env.app, '/program');
    await page.getByRole('heading', { name: 'Tier perks' }).waitFor();
    const select = page.locator(`#perk-${gold.tierId}-reward`);
    expect(await select.inputValue()).toBe('');
    // Nothing unsaved: no save bar.
    expect(await page.getByText('Unsaved changes').count()).toBe(0);
    await select.selectOption(freeShipping.id);
    // A perk's change alone is an unsaved change of the page: the save bar saves it.
    await page.getByText('Unsaved changes').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Tier perks saved').waitFor();
    await expect.poll(() => page.getByText('Unsaved changes').count()).toBe(0);
    await screenshot(page, 'admin-tier-perks');

    expect((await adminApi<TierPerksJson>(env.app, '/tier-perks')).body.perks.find((p) => p.tierId === gold.tierId)).toMatchObject({
      rewardId: freeShipping.id,
      active: true,
    });
    expect(errors).toEqual([]);
    await close();
  });

  it('a perk choice made before a program save survives it and is saved with it, from the one save bar', async () => {
    const { body } = await adminApi<TierPerksJson>(env.app, '/tier-perks');
    const silver = body.perks.find((p) => p.threshold === 500)!;
    const tenOff = body.rewards.find((r) => r.kind === 'percentage_off')!;

    const { page, errors, close } = await openAdmin(env.browser, env.app, '/program');
    const select = page.locator(`#perk-${silver.tierId}-reward`);
    await select.waitFor();
    await select.selectOption(tenOff.id);
    await page.locator('#tier-1-name').fill('Silber');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Program saved').waitFor();
    await expect.poll(() => page.getByText('Unsaved changes').count()).toBe(0);

    // Both saved: the program first (the tier's new name), then the perk, which the page still shows.
    const [tier] = await env.app.ctx.db.$queryRaw<{ name: string }[]>`SELECT name FROM tiers WHERE id = ${Number(silver.tierId)}`;
    expect(tier?.name).toBe('Silber');
    const stored = (await adminApi<TierPerksJson>(env.app, '/tier-perks')).body.perks.find((p) => p.tierId === silver.tierId);
    expect(stored).toMatchObject({ tierName: 'Silber', rewardId: tenOff.id, active: true });
    expect(await select.inputValue()).toBe(tenOff.id);
    expect(await page.getByLabel('Monthly perk for Silber').count()).toBe(1);

    // Put back what the later tests expect.
    await page.locator('#tier-1-name').fill(silver.tierName);
    await select.selectOption('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => (await adminApi<TierPerksJson>(env.app, '/tier-perks')).body.perks.find((p) => p.tierId === silver.tierId)).toMatchObject({
      tierName: silver.tierName,
      rewardId: null,
    });
    expect(errors).toEqual([]);
    await close();
  });

  it('in German', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/program', 'de');
    await page.getByRole('heading', { name: 'Stufenvorteile' }).waitFor();
    expect(await page.getByLabel('Monatlicher Vorteil für Gold').inputValue()).not.toBe('');
    expect(errors).toEqual([]);
    await close();
  });

  it('the customer page lists the member\'s perk codes', async () => {
    await createPerkGranter(env.app.ctx).grantReached();
    const [grant] = await env.app.ctx.db.$queryRaw<{ code: string }[]>`
      SELECT g.code FROM perk_grants g JOIN members m ON m.id = g.member_id
      WHERE m.customer_id = ${GOLD_CUSTOMER} AND g.status = 'issued'`;
    expect(grant).toBeDefined();

    const { page, errors, close } = await openAdmin(env.browser, env.app, `/customers/${GOLD_CUSTOMER}`);
    await page.getByText(grant!.code).waitFor();
    expect(await page.getByText('Issued', { exact: true }).count()).toBe(1);
    await screenshot(page, 'admin-customer-perk-grants');
    expect(errors).toEqual([]);
    await close();
  });

  it('a perk code Shopify refused reads in the merchant\'s words, English and German, Shopify\'s own message quoted', async () => {
    // Next month's renewal, each code refused by the platform (the emulator's fault), as Shopify refuses a code.
    const now = new Date();
    const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 12));
    env.app.emulator!.faults.refuseNextDiscounts(1000, 'Rabattcodes sind deaktiviert');
    try {
      expect(await createPerkGranter(env.app.ctx).grantRenewals(nextMonth)).toMatchObject({ issued: 0, failed: expect.any(Number) });
    } finally {
      env.app.emulator!.faults.reset();
    }

    for (const [locale, text] of [
      ['en', 'Shopify refused the perk code: “Rabattcodes sind deaktiviert”'],
      ['de', 'Shopify hat den Vorteilscode abgelehnt: „Rabattcodes sind deaktiviert“'],
    ] as const) {
      const { page, errors, close } = await openAdmin(env.browser, env.app, `/customers/${GOLD_CUSTOMER}`, locale);
      await page.getByText(text, { exact: true }).waitFor();
      // Never the English detail kept for support.
      expect(await page.getByText('refused:', { exact: false }).count()).toBe(0);
      await screenshot(page, `admin-customer-perk-grant-refused-${locale}`);
      expect(errors).toEqual([]);
      await close();
    }
  });

  describe('a perk whose free product was deleted in the shop', () => {
    // Runs after the grants above: Silver's perk gets a reward that can no longer be issued.
    let silver: TierPerksJson['perks'][number];
    let grinderReward: string;

    it('the perk is saved, then the shop deletes the product: the API marks the reward', async () => {
      const reward = await storePerkOnlyProductReward(env.app.ctx.db, env.shopId, 'Free grinder', GRINDER);
      grinderReward = String(reward.id);
      const { body } = await adminApi<TierPerksJson>(env.app, '/tier-perks');
      silver = body.perks.find((p) => p.threshold === 500)!;
      const perks = body.perks.map(({ tierId, rewardId, active }) => ({ tierId, rewardId: tierId === silver.tierId ? grinderReward : rewardId, active }));
      expect((await adminApi(env.app, '/tier-perks', { method: 'PUT', body: JSON.stringify({ perks, version: body.version }) })).status).toBe(200);

      expect(await env.app.emulator!.catalog.deleteProduct(SHOP, `gid://shopify/Product/${GRINDER.productId}`)).toMatchObject({ status: 200 });
      await expect
        .poll(async () => (await adminApi<TierPerksJson>(env.app, '/tier-perks')).body.rewards.find((r) => r.id === grinderReward)?.productMissingAt ?? null)
        .not.toBeNull();
    });

    it('the Tier perks card warns, marks the reward in the picker, points at the reward and shows the refusal on the field', async () => {
      const { page, errors, close } = await openAdmin(env.browser, env.app, '/program');
      const warning = page.getByText('The product of “Free grinder” was deleted in your shop');
      await warning.waitFor();
      expect(await warning.count()).toBe(1);
      const body = page.getByText(
        `Members of ${silver.tierName} get no code for this perk until you choose another product for this reward under “Rewards” on this page`,
      );
      expect(await body.count()).toBe(1);
      const select = page.locator(`#perk-${silver.tierId}-reward`);
      expect(await select.inputValue()).toBe(grinderReward);
      expect(await select.locator('option:checked').textContent()).toBe('Free grinder (product deleted)');
      await screenshot(page, 'admin-tier-perks-product-deleted-en');

      // "Go to the reward": the reward's row in the Rewards section, its product picker focused.
      await page.getByRole('button', { name: 'Go to the reward' }).click();
      const focused = () => page.locator('*:focus').getAttribute('id');
      await expect.poll(focused).toMatch(/^reward-\d+-product$/);
      const row = page.locator(`#program-reward-${grinderReward}`);
      expect(await row.getByText('Product deleted', { exact: true }).count()).toBe(1);
      expect(await row.locator('*:focus').count()).toBe(1);
      const index = /^reward-(\d+)-product$/.exec((await focused()) ?? '')![1];
      expect(await page.locator(`#reward-${index}-name`).inputValue()).toBe('Free grinder');

      // Switching the perk off is what a merchant does about it: saved (it grants nothing), the warning stays.
      await page.locator(`#perk-${silver.tierId}-active`).uncheck();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Tier perks saved').waitFor();
      const stored = (await adminApi<TierPerksJson>(env.app, '/tier-perks')).body.perks;
      expect(stored.find((p) => p.tierId === silver.tierId)).toMatchObject({ rewardId: grinderReward, active: false });
      expect(await page.getByText('The product of “Free grinder” was deleted in your shop').count()).toBe(1);

      // Switching it on again is refused, on its field: it could not be granted.
      await page.locator(`#perk-${silver.tierId}-active`).check();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const fieldError = page.locator(`#perk-${silver.tierId}-rewardError`);
      await fieldError.waitFor();
      expect(await fieldError.textContent()).toContain('The product of this reward was deleted from the shop');
      expect((await adminApi<TierPerksJson>(env.app, '/tier-perks')).body.perks).toEqual(stored);
      expect(errors).toEqual([]);
      await close();
    });

    it('another tier\'s perk saves with Silver\'s left as it is, and the warning stays; choosing the reward for Bronze is refused', async () => {
      const { body } = await adminApi<TierPerksJson>(env.app, '/tier-perks');
      const gold = body.perks.find((p) => p.tierName === 'Gold')!;
      const bronze = body.perks.find((p) => p.threshold === 0)!;
      const { page, errors, close } = await openAdmin(env.browser, env.app, '/program');
      const warning = page.getByText('The product of “Free grinder” was deleted in your shop');
      await warning.waitFor();

      await page.locator(`#perk-${gold.tierId}-active`).uncheck();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Tier perks saved').waitFor();
      expect(await warning.count()).toBe(1);
      expect(await page.locator(`#perk-${silver.tierId}-rewardError`).count()).toBe(0);
      const saved = (await adminApi<TierPerksJson>(env.app, '/tier-perks')).body.perks;
      expect(saved.find((p) => p.tierId === gold.tierId)).toMatchObject({ rewardId: gold.rewardId, active: false });
      expect(saved.find((p) => p.tierId === silver.tierId)).toMatchObject({ rewardId: grinderReward, active: false });

      await page.locator(`#perk-${bronze.tierId}-reward`).selectOption(grinderReward);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const fieldError = page.locator(`#perk-${bronze.tierId}-rewardError`);
      await fieldError.waitFor();
      expect(await fieldError.textContent()).toContain('The product of this reward was deleted from the shop');
      expect(await page.locator(`#perk-${silver.tierId}-rewardError`).count()).toBe(0);
      expect((await adminApi<TierPerksJson>(env.app, '/tier-perks')).body.perks).toEqual(saved);
      expect(errors).toEqual([]);
      await close();
    });

    it('in German', async () => {
      const { page, errors, close } = await openAdmin(env.browser, env.app, '/program', 'de');
      const warning = page.getByText('Das Produkt von „Free grinder“ wurde in deinem Shop gelöscht');
      await warning.waitFor();
      const body = page.getByText(
        `Mitglieder der Stufe ${silver.tierName} erhalten für diesen Vorteil keinen Code, bis du unter „Prämien“ auf dieser Seite ein anderes Produkt für diese Prämie wählst`,
      );
      expect(await body.count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Zur Prämie' }).count()).toBe(1);
      const select = page.locator(`#perk-${silver.tierId}-reward`);
      expect(await select.locator('option:checked').textContent()).toBe('Free grinder (Produkt gelöscht)');

      await page.locator(`#perk-${silver.tierId}-active`).check();
      await page.getByRole('button', { name: 'Speichern', exact: true }).click();
      const fieldError = page.locator(`#perk-${silver.tierId}-rewardError`);
      await fieldError.waitFor();
      expect(await fieldError.textContent()).toContain('Das Produkt dieser Prämie wurde im Shop gelöscht');
      await screenshot(page, 'admin-tier-perks-product-deleted-de');
      expect(errors).toEqual([]);
      await close();
    });
  });
});

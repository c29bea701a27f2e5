import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAdmin, adminTestFile, SHOP } from './admin-support.js';
import { screenshot } from './chromium.js';

/**
 * The program editor in real Chromium: edits persist (page and database), Save and Discard sit in the contextual
 * save bar while there are unsaved changes, and the server's 422 lands on the fields in the merchant's language.
 */
const env = adminTestFile();

async function tiersInDb() {
  return env.app.ctx.db.$queryRaw<{ name: string; threshold: number; multiplier: string }[]>`
    SELECT name, threshold, multiplier::text AS multiplier FROM tiers WHERE shop_id = ${env.shopId} ORDER BY threshold`;
}

/** The contextual save bar's Save (it shows only while the form has unsaved changes). */
async function save(page: Page, label = 'Save'): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).click();
}

describe('the program editor in Chromium', () => {
  it('an edit of rate, tiers and rewards persists: the page after a reload and the database show it', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/program');
    await page.locator('#tier-0-name').waitFor();
    expect(await page.locator('#tier-1-name').inputValue()).toBe('Silver');
    await page.getByText('Changes apply to new orders only').waitFor();
    // Nothing to save yet: no save bar.
    expect(await page.getByText('Unsaved changes').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
    await screenshot(page, 'admin-program-en');

    await page.locator('#earning-points-per-currency-unit').fill('2');
    await page.locator('#earning-point-value').fill('0.02');
    await page.locator('#earning-award-on').selectOption('fulfilled');
    await page.locator('#earning-approval-days').fill('14');
    await page.locator('#tier-1-name').fill('Silver Plus');
    await page.locator('#tier-1-threshold').fill('600');
    await page.locator('#tier-2-multiplier').fill('1.75');
    await page.locator('#reward-0-active').uncheck();
    await page.getByRole('button', { name: 'Add reward' }).click();
    await page.locator('#reward-2-name').fill('5 € off');
    await page.locator('#reward-2-kind').selectOption('amount_off');
    await page.locator('#reward-2-cost').fill('250');
    await page.locator('#reward-2-value').fill('5');
    await page.getByText('Unsaved changes').waitFor();
    await screenshot(page, 'admin-program-save-bar-en');
    await save(page);
    await page.getByText('Program saved').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);

    expect(await tiersInDb()).toEqual([
      { name: 'Bronze', threshold: 0, multiplier: '1.0000' },
      { name: 'Silver Plus', threshold: 600, multiplier: '1.2500' },
      { name: 'Gold', threshold: 2000, multiplier: '1.7500' },
    ]);
    const [program] = await env.app.ctx.db.$queryRaw<{ rate: string; point_value: string; names_customized: boolean; award_on: string; approval_days: number }[]>`
      SELECT points_per_currency_unit::text AS rate, point_value::text AS point_value, names_customized, award_on, approval_days
      FROM programs WHERE shop_id = ${env.shopId}`;
    expect(program).toEqual({ rate: '2.0000', point_value: '0.020000', names_customized: true, award_on: 'fulfilled', approval_days: 14 });
    const rewards = await env.app.ctx.db.$queryRaw<{ name: string; kind: string; cost: number; value: string | null; active: boolean }[]>`
      SELECT name, kind::text AS kind, cost, value::text AS value, active FROM rewards WHERE shop_id = ${env.shopId} ORDER BY id`;
    expect(rewards).toEqual([
      { name: 'Free shipping', kind: 'free_shipping', cost: 300, value: null, active: false },
      { name: '10% off', kind: 'percentage_off', cost: 500, value: '0.1000', active: true },
      { name: '5 € off', kind: 'amount_off', cost: 250, value: '5.0000', active: true },
    ]);

    await page.reload();
    await page.locator('#tier-1-name').waitFor();
    expect(await page.locator('#tier-1-name').inputValue()).toBe('Silver Plus');
    expect(await page.locator('#tier-1-threshold').inputValue()).toBe('600');
    expect(await page.locator('#earning-points-per-currency-unit').inputValue()).toBe('2');
    expect(await page.locator('#earning-award-on').inputValue()).toBe('fulfilled');
    expect(await page.locator('#earning-approval-days').inputValue()).toBe('14');
    // The server lists rewards by cost: find the rows by name.
    const names = await page.locator('[id^="reward-"][id$="-name"]').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    expect(names).toEqual(['5 € off', 'Free shipping', '10% off']);
    expect(await page.locator('#reward-1-active').isChecked()).toBe(false);
    expect(await page.locator('#reward-0-cost').inputValue()).toBe('250');
    expect(errors).toEqual([]);
    await close();
  });

  it('invalid input: the server’s field errors show on the fields, and nothing is saved', async () => {
    const before = await tiersInDb();
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/program');
    await page.locator('#tier-0-name').waitFor();

    await page.locator('#tier-0-name').fill('');
    await save(page);
    await page.locator('#tier-0-nameError').waitFor();
    expect(await page.locator('#tier-0-nameError').textContent()).toContain('Enter a name');
    await page.getByText('Some fields need attention').waitFor();

    // Fixing the field clears its error; a threshold two tiers share is the next problem the server names.
    await page.locator('#tier-0-name').fill('Bronze');
    expect(await page.locator('#tier-0-nameError').count()).toBe(0);
    await page.locator('#tier-2-threshold').fill(await page.locator('#tier-1-threshold').inputValue());
    await save(page);
    await page.locator('#tier-2-thresholdError').waitFor();
    expect(await page.locator('#tier-2-thresholdError').textContent()).toContain('Another tier starts at this threshold');
    await screenshot(page, 'admin-program-errors-en');

    expect(await tiersInDb()).toEqual(before);
    expect(errors).toEqual([]);
    await close();
  });

  it('German: the editor speaks German, the server’s field errors included', async () => {
    const before = await tiersInDb();
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/program', 'de');
    await page.locator('#tier-0-name').waitFor();
    await page.getByRole('heading', { name: 'Programm', exact: true }).waitFor();
    await page.getByText('Änderungen gelten nur für neue Bestellungen').waitFor();
    expect(await page.getByLabel('Punkte-Multiplikator').count()).toBeGreaterThan(0);
    // Decimals as German merchants write them (the first test saved Silver at 1.25).
    expect(await page.locator('#tier-1-multiplier').inputValue()).toBe('1,25');
    expect(await page.locator('#earning-point-value').inputValue()).toBe('0,02');
    await screenshot(page, 'admin-program-de');

    // Invalid input: a blank name, a threshold another tier has, a multiplier below 0.1 (typed with a comma), a rate
    // above 1,000 written the German way (read as 1000.5: a point groups thousands in German).
    await page.locator('#tier-0-name').fill('');
    await page.locator('#tier-2-threshold').fill(await page.locator('#tier-1-threshold').inputValue());
    await page.locator('#tier-1-multiplier').fill('0,05');
    await page.locator('#earning-points-per-currency-unit').fill('1.000,5');
    await page.getByText('Nicht gespeicherte Änderungen').waitFor();
    expect(await page.getByRole('button', { name: 'Verwerfen', exact: true }).count()).toBe(1);
    await save(page, 'Speichern');
    await page.locator('#tier-0-nameError').waitFor();
    expect(await page.locator('#tier-0-nameError').textContent()).toContain('Gib einen Namen ein');
    expect(await page.locator('#tier-2-thresholdError').textContent()).toContain('Eine andere Stufe beginnt schon bei diesem Wert');
    expect(await page.locator('#tier-1-multiplierError').textContent()).toContain('Muss mindestens 0,1 sein');
    expect(await page.locator('#earning-points-per-currency-unitError').textContent()).toContain('Darf höchstens 1.000 sein');
    await page.getByText('Einige Felder sind nicht korrekt').waitFor();
    await screenshot(page, 'admin-program-errors-de');
    expect(await tiersInDb()).toEqual(before);

    // Discard brings back what is saved and hides the bar.
    await page.getByRole('button', { name: 'Verwerfen', exact: true }).click();
    await expect.poll(() => page.locator('#tier-0-name').inputValue()).toBe('Bronze');
    expect(await page.locator('#tier-1-multiplier').inputValue()).toBe('1,25');
    await expect.poll(() => page.getByText('Nicht gespeicherte Änderungen').count()).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });

  it("a reward's catalog fields: a Gold-only free product chosen in the picker, validity, minimum subtotal, no combining", async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/program');
    await page.locator('#tier-0-name').waitFor();
    const index = await page.locator('[id^="reward-"][id$="-name"]').count();
    const field = (name: string) => page.locator(`#reward-${index}-${name}`);
    await page.getByRole('button', { name: 'Add reward' }).click();
    await field('name').fill('Free mug');
    await field('kind').selectOption('free_product');
    await field('cost').fill('900');
    expect(await page.getByText('No product chosen yet').count()).toBe(1);

    // The picker asks the shop for its variants as the merchant types.
    await field('product').fill('becher');
    const option = page.getByRole('option', { name: /Keramikbecher „Morgenrot“ · €14\.00/ });
    await option.waitFor();
    expect(await option.locator('img').getAttribute('src')).toMatch(/\/images\/products\/mug-mr\.svg$/);
    await option.click();
    await page.getByText('Keramikbecher „Morgenrot“', { exact: true }).waitFor();
    await field('minimum-tier').selectOption({ label: 'Gold and above' });
    await field('validity-days').fill('30');
    await field('minimum-subtotal').fill('20');
    await field('combines').uncheck();
    await screenshot(page, 'admin-program-reward-catalog-en');
    await save(page);
    await page.getByText('Program saved').waitFor();

    const [saved] = await env.app.ctx.db.$queryRaw<Record<string, unknown>[]>`
      SELECT r.kind::text AS kind, r.cost, r.validity_days AS "validityDays", r.minimum_subtotal::text AS "minimumSubtotal",
        r.combines_with_other_discounts AS "combines", t.name AS "minimumTier", r.product_variant_id AS "variantId",
        r.product_title AS "productTitle", r.product_image_url AS "imageUrl"
      FROM rewards r LEFT JOIN tiers t ON t.id = r.minimum_tier_id WHERE r.shop_id = ${env.shopId} AND r.name = 'Free mug'`;
    expect(saved).toEqual({
      kind: 'free_product',
      cost: 900,
      validityDays: 30,
      minimumSubtotal: '20.00',
      combines: false,
      minimumTier: 'Gold',
      variantId: expect.stringMatching(/^gid:\/\/shopify\/ProductVariant\/\d+$/),
      productTitle: 'Keramikbecher „Morgenrot“',
      imageUrl: expect.stringMatching(/\/images\/products\/mug-mr\.svg$/),
    });

    // After a reload the row shows what is saved; a validity of 0 days is refused on its field.
    await page.reload();
    await page.locator('#tier-0-name').waitFor();
    const names = await page.locator('[id^="reward-"][id$="-name"]').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    const row = names.indexOf('Free mug');
    const saved_ = (name: string) => page.locator(`#reward-${row}-${name}`);
    expect(await saved_('validity-days').inputValue()).toBe('30');
    expect(await saved_('minimum-subtotal').inputValue()).toBe('20.00');
    expect(await saved_('combines').isChecked()).toBe(false);
    expect(await saved_('minimum-tier').locator('option:checked').textContent()).toBe('Gold and above');
    expect(await page.getByText('Keramikbecher „Morgenrot“', { exact: true }).count()).toBe(1);
    await saved_('validity-days').fill('0');
    await save(page);
    await page.locator(`#reward-${row}-validity-daysError`).waitFor();
    expect(await page.locator(`#reward-${row}-validity-daysError`).textContent()).toContain('Must be at least 1');
    await page.getByRole('button', { name: 'Discard', exact: true }).click();
    await expect.poll(() => saved_('validity-days').inputValue()).toBe('30');
    expect(errors).toEqual([]);
    await close();
  });

  it('names in German beside the English ones: saved with the program, refused on their field when another tier has one', async () => {
    // An English shop: the default names are English, each with its German name.
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/program');
    await page.locator('#tier-0-name-translation').waitFor();
    const rewardNames = await page.locator('[id^="reward-"][id$="-name"]').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    const shipping = rewardNames.indexOf('Free shipping');
    expect(await page.getByLabel('Name in German').count()).toBe(3 + rewardNames.length);
    expect(await page.locator('#tier-0-name-translation').inputValue()).toBe('Bronze');
    expect(await page.locator('#tier-2-name-translation').inputValue()).toBe('Gold');
    expect(await page.locator(`#reward-${shipping}-name-translation`).inputValue()).toBe('Kostenloser Versand');
    await page.getByText('For shoppers who read your store in German.').first().waitFor();

    await page.locator('#tier-2-name-translation').fill('Gold-Stufe');
    await page.locator(`#reward-${shipping}-name-translation`).fill('  Versand gratis ');
    await page.locator('#tier-0-name-translation').fill('');
    await screenshot(page, 'admin-program-name-translations-en');
    await save(page);
    await page.getByText('Program saved').waitFor();
    const tiers = await env.app.ctx.db.$queryRaw<{ name: string; name_translation: string | null }[]>`
      SELECT name, name_translation FROM tiers WHERE shop_id = ${env.shopId} ORDER BY threshold`;
    expect(tiers.map((t) => [t.name, t.name_translation])).toEqual([['Bronze', null], ['Silver Plus', 'Silber'], ['Gold', 'Gold-Stufe']]);
    const [reward] = await env.app.ctx.db.$queryRaw<{ name_translation: string | null }[]>`
      SELECT name_translation FROM rewards WHERE shop_id = ${env.shopId} AND name = 'Free shipping'`;
    expect(reward).toEqual({ name_translation: 'Versand gratis' });

    // Silver Plus called like Gold in German, in other case: refused on the later tier's field (as for names), nothing saved.
    await page.locator('#tier-1-name-translation').fill('GOLD-STUFE');
    await save(page);
    await page.locator('#tier-2-name-translationError').waitFor();
    expect(await page.locator('#tier-2-name-translationError').textContent()).toContain('Another tier has this name in this language');
    expect((await env.app.ctx.db.tier.findMany({ where: { shopId: env.shopId }, orderBy: { threshold: 'asc' } })).map((t) => t.nameTranslation)).toEqual([null, 'Silber', 'Gold-Stufe']);
    await page.getByRole('button', { name: 'Discard', exact: true }).click();
    await expect.poll(() => page.locator('#tier-1-name-translation').inputValue()).toBe('Silber');

    await page.reload();
    await page.locator('#tier-2-name-translation').waitFor();
    expect(await page.locator('#tier-2-name-translation').inputValue()).toBe('Gold-Stufe');
    expect(await page.locator('#tier-0-name-translation').inputValue()).toBe('');
    expect(errors).toEqual([]);
    await close();

    // In German, the field says which language it is for in German.
    const german = await openAdmin(env.browser, env.app, '/program', 'de');
    await german.page.locator('#tier-0-name-translation').waitFor();
    expect(await german.page.getByLabel('Name auf Deutsch').count()).toBe(3 + rewardNames.length);
    await german.page.getByText('Für Kunden, die deinen Shop auf Deutsch lesen.').first().waitFor();
    expect(german.errors).toEqual([]);
    await german.close();
  });

  it('a free product deleted in the shop: the reward is switched off and the editor says why', async () => {
    // Follows the test above: 'Free mug' gives the mug, which the merchant now deletes in the shop.
    const [mug] = await env.app.ctx.db.$queryRaw<{ variantId: string }[]>`
      SELECT product_variant_id AS "variantId" FROM rewards WHERE shop_id = ${env.shopId} AND name = 'Free mug'`;
    expect(mug).toBeDefined();
    expect(await env.app.emulator!.catalog.deleteProduct(SHOP, mug!.variantId)).toMatchObject({ status: 200 });
    await expect
      .poll(async () => (await env.app.ctx.db.reward.findFirst({ where: { shopId: env.shopId, name: 'Free mug' } }))?.productMissingAt ?? null)
      .not.toBeNull();

    const { page, errors, close } = await openAdmin(env.browser, env.app, '/program');
    await page.locator('#tier-0-name').waitFor();
    await page.getByText('The product of this reward was deleted in your shop').waitFor();
    expect(await page.getByText('Product deleted', { exact: true }).count()).toBe(1);
    const names = await page.locator('[id^="reward-"][id$="-name"]').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    expect(await page.locator(`#reward-${names.indexOf('Free mug')}-active`).isChecked()).toBe(false);
    await screenshot(page, 'admin-program-product-deleted-en');
    expect(errors).toEqual([]);
    await close();
  });
});

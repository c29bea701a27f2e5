import { describe, expect, it } from 'vitest';
import { createPerkGranter } from '../../src/perks/grant.js';
import { adminApi, adminTestFile, openAdmin, seedShop } from './admin-support.js';
import { screenshot } from './chromium.js';

/**
 * Tier perks in the admin, in real Chromium: the "Tier perks" card on the program page saves a tier's monthly perk,
 * and the customer page lists the member's perk codes once granted.
 */
const env = adminTestFile(seedShop);

/** Jürgen Groß: 2,400 points from one order, Gold. */
const GOLD_CUSTOMER = '7003';

interface TierPerksJson {
  perks: { tierId: string; tierName: string; rewardId: string | null; active: boolean }[];
  rewards: { id: string; name: string; kind: string }[];
}

describe('tier perks in the admin', () => {
  it('the program page\'s Tier perks card saves Gold\'s monthly perk', async () => {
    const { body } = await adminApi<TierPerksJson>(env.app, '/tier-perks');
    const gold = body.perks.find((p) => p.tierName === 'Gold')!;
    const freeShipping = body.rewards.find((r) => r.kind === 'free_shipping')!;

    const { page, errors, close } = await openAdmin(env.browser, env.app, '/program');
    await page.getByRole('heading', { name: 'Tier perks' }).waitFor();
    const select = page.locator(`#perk-${gold.tierId}-reward`);
    expect(await select.inputValue()).toBe('');
    expect(await page.getByRole('button', { name: 'Save tier perks' }).isDisabled()).toBe(true);
    await select.selectOption(freeShipping.id);
    await page.getByRole('button', { name: 'Save tier perks' }).click();
    await page.getByText('Tier perks saved').waitFor();
    await screenshot(page, 'admin-tier-perks');

    expect((await adminApi<TierPerksJson>(env.app, '/tier-perks')).body.perks.find((p) => p.tierId === gold.tierId)).toMatchObject({
      rewardId: freeShipping.id,
      active: true,
    });
    expect(errors).toEqual([]);
    await close();
  });

  it('in German', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/program', 'de');
    await page.getByRole('button', { name: 'Stufenvorteile speichern' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Stufenvorteile' }).count()).toBe(1);
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
});

import { describe, expect, it } from 'vitest';
import { perkRowsChanged, perkRowsOf, rebasePerkRows } from '../../frontend/src/components/perks/perk-rows.js';

/** The program page's tier perk rows: unsaved changes, and keeping them over the perks as a program save left them. */
describe('perk rows', () => {
  const row = (tierId: string, rewardId: string | null, active = true) => ({ tierId, rewardId, active });

  it('rows of the loaded perks carry only what is sent; a change of reward or switch is unsaved', () => {
    const saved = perkRowsOf([{ ...row('1', null), tierName: 'Bronze', threshold: 0 } as never]);
    expect(saved).toEqual([row('1', null)]);
    expect(perkRowsChanged(saved, [row('1', null)])).toBe(false);
    expect(perkRowsChanged([row('1', '7')], saved)).toBe(true);
    expect(perkRowsChanged([row('1', null, false)], saved)).toBe(true);
    expect(perkRowsChanged([], saved)).toBe(true);
  });

  it('rebase: the merchant’s changed rows stay, the others show what is saved now, gone tiers drop and new ones appear', () => {
    const base = [row('1', null), row('2', '5'), row('3', '6')];
    const edits = [row('1', '9'), row('2', '5'), row('3', '6', false)];
    // Saved meanwhile: tier 2's perk elsewhere, tier 3 removed by the program save, tier 4 added.
    const fresh = [row('1', null), row('2', '8'), row('4', null)];
    expect(rebasePerkRows(fresh, edits, base)).toEqual([row('1', '9'), row('2', '8'), row('4', null)]);
  });

  it('rebase without changes is the perks as saved now', () => {
    const base = [row('1', '5')];
    expect(rebasePerkRows([row('1', '5'), row('2', null)], base, base)).toEqual([row('1', '5'), row('2', null)]);
    expect(perkRowsChanged(rebasePerkRows([row('1', '5')], base, base), [row('1', '5')])).toBe(false);
  });
});

/**
 * The tier perks the program page edits, as rows (pure, no imports: the unit test in web/test/browser imports it
 * under NodeNext).
 */

/** One tier's perk as the editor holds it and `PUT /api/tier-perks` takes it. */
export interface PerkRow {
  tierId: string;
  rewardId: string | null;
  active: boolean;
}

/** The rows of the perks as loaded (each tier's perk without what the editor does not send). */
export function perkRowsOf(perks: readonly PerkRow[]): PerkRow[] {
  return perks.map(({ tierId, rewardId, active }) => ({ tierId, rewardId, active }));
}

const sameRow = (a: PerkRow | undefined, b: PerkRow | undefined) =>
  a !== undefined && b !== undefined && a.tierId === b.tierId && a.rewardId === b.rewardId && a.active === b.active;

/** Whether `rows` differ from `saved` (unsaved changes). */
export function perkRowsChanged(rows: readonly PerkRow[], saved: readonly PerkRow[]): boolean {
  return rows.length !== saved.length || rows.some((row, index) => !sameRow(row, saved[index]));
}

/**
 * The merchant's unsaved choices on top of the perks as they are now (`fresh`, after the program's tiers were saved):
 * a tier whose row the merchant changed from `base` (what the editor started from) keeps the change; every other tier
 * shows its perk as now saved; a tier that is gone drops out, a new one appears.
 */
export function rebasePerkRows(fresh: readonly PerkRow[], edits: readonly PerkRow[], base: readonly PerkRow[]): PerkRow[] {
  return fresh.map((row) => {
    const edit = edits.find((candidate) => candidate.tierId === row.tierId);
    const before = base.find((candidate) => candidate.tierId === row.tierId);
    return edit && !sameRow(edit, before) ? { ...edit } : { ...row };
  });
}

import type { Db } from '../db/client.js';
import { memberTransaction } from '../loyalty/members/transaction.js';
import { keepMarksMadeDuringLookups } from '../rewards/product-gone/keep-missing.js';
import type { Invalid } from '../validation/field-errors.js';
import type { ProgramSettings, ProgramSettingsRecord } from './settings.js';
import { storedIdIssues, withoutStaleTranslations } from './settings.js';
import { findProgramSettings, lockProgram, recomputeMemberTiers, writeProgramSettings } from './settings-repository.js';

export type SaveProgramResult = { ok: true; settings: ProgramSettingsRecord } | Invalid | { ok: false; conflict: true };

/** A shop with a million members may need a while to move them all to new tiers. @defaultValue 120000 ms */
const SAVE_TIMEOUT_MS = 120_000;

/**
 * Saves the program editor's settings (already valid on their own) in one transaction: refuses them when the
 * program was saved since the editor read it (`conflict`: its version moved on; nothing is written), checks the ids
 * against the locked program, writes tiers, rewards and the earning rule, and moves members to the tiers their qualifying
 * points reach under the new thresholds. Edits apply to new events: booked orders keep the rate they earned at.
 * A deadlock with a concurrent points settle (both lock member rows) reruns the whole unit.
 * `lookupStartedAt`: when the rewards' variants were first looked up for this save (withRewardProducts); a reward
 * marked gone since keeps its mark and stays off (keepMarksMadeDuringLookups).
 */
export async function saveProgramSettings(
  db: Db,
  shopId: number,
  settings: ProgramSettings,
  lookupStartedAt: Date,
): Promise<SaveProgramResult> {
  return memberTransaction(
    db,
    async (tx): Promise<SaveProgramResult> => {
      const stored = await lockProgram(tx, shopId);
      if (!stored) throw new Error(`shop ${shopId} has no program`);
      if (stored.version !== settings.version) return { ok: false, conflict: true };
      const edit = withoutStaleTranslations(settings, stored);
      const issues = storedIdIssues(edit, stored);
      if (Object.keys(issues).length > 0) return { ok: false, issues };
      const rewards = keepMarksMadeDuringLookups(edit.rewards, stored.rewardMarks, lookupStartedAt);
      await writeProgramSettings(tx, shopId, { ...edit, rewards });
      await recomputeMemberTiers(tx, shopId);
      const saved = await findProgramSettings(tx, shopId);
      if (!saved) throw new Error(`shop ${shopId} has no program`);
      return { ok: true, settings: saved };
    },
    { timeout: SAVE_TIMEOUT_MS },
  );
}

import type { AppContext } from '../app/context.js';
import type { ScheduledJob } from '../queue/scheduled-job.js';
import { createPerkGranter, type PerkGrantOptions } from './grant.js';

/** How often tier changes are picked up for their perk (the perk follows the tier change within about this). */
export const PERK_GRANTS_EVERY_MS = 60_000;
/** The monthly renewal looks once a day for members in a perk's tier without this month's code. */
export const PERK_RENEWALS_EVERY_MS = 24 * 60 * 60_000;

export interface PerkJobOptions extends PerkGrantOptions {
  /** Period of the grants on reaching a tier. @defaultValue 60000 ms */
  grantsEveryMs?: number;
  /** Period of the monthly renewal's check. @defaultValue one day */
  renewalsEveryMs?: number;
}

/** The perk jobs: grants on reaching a tier (and retries of pending grants) every minute, renewals daily. */
export function perkJobs(ctx: AppContext, options: PerkJobOptions = {}): ScheduledJob[] {
  const granter = createPerkGranter(ctx, undefined, options);
  return [
    { name: 'perk-grants', everyMs: options.grantsEveryMs ?? PERK_GRANTS_EVERY_MS, run: async () => (await granter.grantReached()).more },
    { name: 'perk-renewals', everyMs: options.renewalsEveryMs ?? PERK_RENEWALS_EVERY_MS, run: async () => (await granter.grantRenewals()).more },
  ];
}

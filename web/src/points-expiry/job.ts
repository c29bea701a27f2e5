import type { AppContext } from '../app/context.js';
import type { ScheduledJob } from '../queue/scheduled-job.js';
import { expireInactivePoints, type ExpiryRunOptions } from './expire.js';
import { remindExpiringPoints, type ReminderRunOptions } from './reminders.js';
import type { WalkProgress } from './repository.js';

export interface PointsExpiryJobOptions extends Omit<ExpiryRunOptions, 'progress'>, Omit<ReminderRunOptions, 'progress'> {
  /** The jobs' period. @defaultValue 1 hour */
  everyMs?: number;
}

/**
 * Points expiry's jobs, hourly: the expiry (balances expire within the hour after the shop's day of expiry ended, its
 * midnight, whatever the shop's zone) and the reminders (queued within the hour after the day they fall due begins).
 * Shops without expiry (the default) cost one query of the programs each.
 */
export function pointsExpiryJobs(ctx: AppContext, options: PointsExpiryJobOptions = {}): ScheduledJob[] {
  const everyMs = options.everyMs ?? 3_600_000;
  // Each job's continuation goes on where its last run stopped (in this process).
  const expiring: WalkProgress = { current: null };
  const reminding: WalkProgress = { current: null };
  return [
    { name: 'points-expiry', everyMs, run: async () => (await expireInactivePoints(ctx, { ...options, progress: expiring })).more },
    { name: 'points-expiry-reminders', everyMs, run: async () => (await remindExpiringPoints(ctx, { ...options, progress: reminding })).more },
  ];
}

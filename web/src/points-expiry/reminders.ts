import type { AppContext } from '../app/context.js';
import { findQueuedNotificationKeys, queueNotification } from '../notifications/outbox-repository.js';
import { findReminderCandidates, type BalancePosition, type ExpiryShop, type WalkProgress } from './repository.js';
import { expiryCutoff, pointsExpiry, reminderCutoff } from './rules/expiry.js';
import { walkExpiryShops, type ShopWalk } from './walk.js';

/** How many days before the last day points are held their reminder goes out. */
export const REMINDER_LEAD_DAYS = 14;

export interface ReminderRunOptions {
  /** Members looked at per query. @defaultValue 500 */
  batchSize?: number;
  /** A run stops after this long with shops left and says so (its continuation starts again at once). @defaultValue 60000 ms */
  runBudgetMs?: number;
  /** @defaultValue () => new Date() */
  now?: () => Date;
  /** Where the last run stopped, kept by the job across runs (see WalkProgress). @defaultValue a fresh one */
  progress?: WalkProgress;
}

export interface ReminderRunResult {
  /** Reminders queued in this run. */
  queued: number;
  /** True when the run stopped on its budget with members left to look at. */
  more: boolean;
}

/**
 * One run of points expiry's reminders: for every shop whose program lets points expire, each member with points whose
 * last day of holding them (rules/expiry.ts) lies within the next REMINDER_LEAD_DAYS days gets one `points_expiring`
 * mail per expiry date (the outbox key `<member>:<date>`: a rerun, a second worker or the next hour queues nothing
 * again; activity that moves the date, or a new expiry period, makes a new date). The mail goes through the outbox like
 * every other (the sender skips it when the shop switched the kind off or the customer unsubscribed). A member whose
 * points are already due gets none: the expiry job takes them.
 */
export async function remindExpiringPoints(ctx: AppContext, options: ReminderRunOptions = {}): Promise<ReminderRunResult> {
  const batchSize = options.batchSize ?? 500;
  const now = (options.now ?? (() => new Date()))();
  const deadline = Date.now() + (options.runBudgetMs ?? 60_000);
  let queued = 0;
  const walk: ShopWalk = async (shop, start) => {
    const window = { from: expiryCutoff(now, shop.months, shop.timezone), until: reminderCutoff(now, shop.months, shop.timezone, REMINDER_LEAD_DAYS) };
    let after = start;
    for (;;) {
      const batch = await findReminderCandidates(ctx.db, shop.id, shop.floor, window, after, batchSize);
      queued += await queueReminders(ctx, shop, batch);
      after = batch[batch.length - 1] ?? null;
      if (batch.length < batchSize) return null;
      // After a batch, so that every run gets somewhere.
      if (Date.now() > deadline) return { after };
    }
  };
  const more = await walkExpiryShops(ctx.db, options.progress ?? { current: null }, deadline, walk);
  if (queued > 0) ctx.log.info({ queued }, 'points expiry reminders queued');
  return { queued, more };
}

async function queueReminders(ctx: AppContext, shop: ExpiryShop, batch: readonly (BalancePosition & { lastActivityAt: Date })[]): Promise<number> {
  const reminders = batch.map((member) => ({
    member,
    expiresOn: pointsExpiry(member.lastActivityAt, shop.months, shop.timezone).date,
  }));
  const keyOf = (r: (typeof reminders)[number]) => `${r.member.id}:${r.expiresOn}`;
  const queuedBefore = await findQueuedNotificationKeys(ctx.db, shop.id, 'points_expiring', reminders.map(keyOf));
  let queued = 0;
  for (const reminder of reminders) {
    if (queuedBefore.has(keyOf(reminder))) continue;
    const { created } = await queueNotification(ctx.db, {
      shopId: shop.id,
      memberId: reminder.member.id,
      kind: 'points_expiring',
      idempotencyKey: keyOf(reminder),
      data: { points: reminder.member.points, expiresOn: reminder.expiresOn },
    });
    if (created) queued += 1;
  }
  return queued;
}

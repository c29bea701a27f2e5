import { lastRunAt, type RecurringSchedule } from './schedule.js';

/** When the schedule as it stands took effect: the campaign's last change, and the shop's (re)install. */
export interface ScheduleInForce {
  /** The campaign row's last change: its save (a new schedule, switched on) or anything else written to it. */
  changedAt: Date;
  /** Null for a shop the app never installed. */
  installedAt: Date | null;
}

/**
 * The occurrence of a recurring campaign that a catch-up looks at, or null: the latest one due at least `graceMs`
 * before `now` (its own job has used every attempt by then), if the schedule as it stands was in force when it came.
 * An occurrence before the campaign's last change is not caught up: it may have had another schedule then, or been
 * switched off; nor one before the shop's install (an uninstalled shop gives no gifts, and its schedule waits for a
 * reinstall). Whether that occurrence ran is the caller's question: the run of its period exists. Only the latest
 * occurrence is looked at; one lost before it is past catching up. Pure.
 */
export function occurrenceToCatchUp(schedule: RecurringSchedule, timeZone: string, inForce: ScheduleInForce, now: Date, graceMs: number): Date | null {
  const occurrence = lastRunAt(schedule, new Date(now.getTime() - graceMs), timeZone);
  const since = Math.max(inForce.changedAt.getTime(), inForce.installedAt?.getTime() ?? 0);
  return occurrence.getTime() > since ? occurrence : null;
}

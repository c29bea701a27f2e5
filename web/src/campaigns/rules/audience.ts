import { zonedInstant } from './zoned.js';

/** Who may receive a campaign's gift. Every rule that is set must hold; an unset rule (empty, null) holds for all. */
export interface AudienceRules {
  /** Members in one of these tiers. */
  tierIds: number[];
  /** Members in this tier or a higher one (by threshold). */
  minimumTierId: number | null;
  /** At least this many paid, not cancelled orders. */
  minimumOrders: number | null;
  /** Members since before this day (`YYYY-MM-DD`, the start of the day in the shop's zone). */
  joinedBefore: string | null;
  /** Members for at least this many days. */
  memberForDays: number | null;
  /** With an order in the last N days. */
  orderedWithinDays: number | null;
  /** Without a gift from any campaign in the last N days. */
  notGiftedWithinDays: number | null;
}

export const NO_AUDIENCE_RULES: AudienceRules = {
  tierIds: [],
  minimumTierId: null,
  minimumOrders: null,
  joinedBefore: null,
  memberForDays: null,
  orderedWithinDays: null,
  notGiftedWithinDays: null,
};

/** What the rules look at of one member (the audience query's row). */
export interface AudienceCandidate {
  memberId: number;
  tierId: number | null;
  /** Paid, not cancelled orders. */
  orders: number;
  /** When the app met the customer. */
  memberSince: Date;
  lastOrderAt: Date | null;
  /** The last time any campaign chose them (failed deliveries do not count). */
  lastGiftAt: Date | null;
}

/** The rules resolved against a moment, the shop's zone and tiers: bounds to compare a candidate with. */
export interface AudienceFilter {
  /** Tiers a member must be in; null = any tier (members without a tier included). */
  tierIds: ReadonlySet<number> | null;
  minimumOrders: number;
  /** memberSince must be before this. */
  joinedBefore: Date | null;
  /** lastOrderAt must be at or after this. */
  orderedSince: Date | null;
  /** lastGiftAt, when there is one, must be before this. */
  notGiftedSince: Date | null;
}

const MS_PER_DAY = 86_400_000;

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * MS_PER_DAY);
const earlier = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : (a ?? b));

function startOfDay(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  return zonedInstant(year ?? 1970, month ?? 1, date ?? 1, 0, 0, timeZone);
}

/**
 * The tiers a member may be in under the rules, or null for any. A tier the shop no longer has matches nobody:
 * a gift goes to fewer people rather than to everyone when the merchant removed a tier the campaign names.
 */
export function allowedTiers(rules: AudienceRules, tiers: readonly { id: number; threshold: number }[]): Set<number> | null {
  let allowed: Set<number> | null = null;
  if (rules.tierIds.length > 0) allowed = new Set(rules.tierIds.filter((id) => tiers.some((t) => t.id === id)));
  if (rules.minimumTierId !== null) {
    const minimum = tiers.find((t) => t.id === rules.minimumTierId);
    const atOrAbove = new Set(minimum ? tiers.filter((t) => t.threshold >= minimum.threshold).map((t) => t.id) : []);
    allowed = allowed ? new Set([...allowed].filter((id) => atOrAbove.has(id))) : atOrAbove;
  }
  return allowed;
}

export interface AudienceContext {
  now: Date;
  timeZone: string;
  tiers: readonly { id: number; threshold: number }[];
}

export function audienceFilter(rules: AudienceRules, { now, timeZone, tiers }: AudienceContext): AudienceFilter {
  return {
    tierIds: allowedTiers(rules, tiers),
    minimumOrders: rules.minimumOrders ?? 0,
    joinedBefore: earlier(
      rules.joinedBefore === null ? null : startOfDay(rules.joinedBefore, timeZone),
      // "at least N days": the member since N days ago or earlier, so before the next millisecond.
      rules.memberForDays === null ? null : new Date(daysBefore(now, rules.memberForDays).getTime() + 1),
    ),
    orderedSince: rules.orderedWithinDays === null ? null : daysBefore(now, rules.orderedWithinDays),
    notGiftedSince: rules.notGiftedWithinDays === null ? null : daysBefore(now, rules.notGiftedWithinDays),
  };
}

export function matchesAudience(candidate: AudienceCandidate, filter: AudienceFilter): boolean {
  if (filter.tierIds && (candidate.tierId === null || !filter.tierIds.has(candidate.tierId))) return false;
  if (candidate.orders < filter.minimumOrders) return false;
  if (filter.joinedBefore && candidate.memberSince >= filter.joinedBefore) return false;
  if (filter.orderedSince && (candidate.lastOrderAt === null || candidate.lastOrderAt < filter.orderedSince)) return false;
  if (filter.notGiftedSince && candidate.lastGiftAt !== null && candidate.lastGiftAt >= filter.notGiftedSince) return false;
  return true;
}

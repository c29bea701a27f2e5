import { Decimal } from 'decimal.js';

/** How many of the audience receive the gift: a number of members, or a share (0 < share <= 1) of the audience. */
export type RecipientSpec = { mode: 'count'; count: number } | { mode: 'share'; share: string };

/**
 * The number of recipients for an audience of `audienceSize`: the count, or the share rounded half up; never more
 * than the audience, and at least one member when the audience has anyone (a 1 % gift to 30 people still gifts one).
 */
export function recipientTarget(audienceSize: number, spec: RecipientSpec): number {
  if (audienceSize <= 0) return 0;
  const wanted =
    spec.mode === 'count' ? spec.count : new Decimal(audienceSize).times(spec.share).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  return Math.min(audienceSize, Math.max(1, wanted));
}

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same sequence in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A seed (a signed 32-bit integer, as Postgres stores it) from a text: FNV-1a. */
export function seedFrom(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * `count` members drawn at random from `memberIds` with the seed: a partial Fisher-Yates shuffle of the ids in
 * ascending order, so the same audience and seed always give the same people in the same order (a retried run, a
 * preview of the next run), whatever order the audience query returned them in.
 */
export function selectRecipients(memberIds: readonly number[], count: number, seed: number): number[] {
  const ids = [...memberIds].sort((a, b) => a - b);
  const take = Math.max(0, Math.min(count, ids.length));
  const random = seededRandom(seed);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (ids.length - i));
    [ids[i], ids[j]] = [ids[j] as number, ids[i] as number];
  }
  return ids.slice(0, take);
}

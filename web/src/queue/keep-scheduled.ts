import type { Redis } from 'ioredis';

/** @see keepScheduled */
export const RESCHEDULE_EVERY_MS = 5 * 60_000;

/**
 * Runs `upsert` (idempotent: creating job schedulers, re-adding repeat jobs) whenever `producer` becomes ready and
 * every `everyMs` while it is. Redis keeps nothing on disk, so a restart loses the schedulers (the reconnect's
 * `ready` restores them); a FLUSHALL loses them too, but no reconnect announces it, and BullMQ plans a scheduler's
 * next run only when it runs the current one: without the timer every scheduled job would stop until a restart.
 * Returns the function that stops it.
 */
export function keepScheduled(producer: Redis, upsert: () => void, everyMs = RESCHEDULE_EVERY_MS): () => void {
  producer.on('ready', upsert);
  if (producer.status === 'ready') upsert();
  const timer = setInterval(() => {
    if (producer.status === 'ready') upsert();
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    producer.off('ready', upsert);
  };
}

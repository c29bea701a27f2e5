import type { Logger } from '../logger.js';

/** A warning at most once per `intervalMs` (Redis outages would otherwise log once per request). */
export function throttledWarning(log: Logger, intervalMs: number): (details: object, message: string) => void {
  let last = 0;
  let suppressed = 0;
  return (details, message) => {
    const now = Date.now();
    if (now - last < intervalMs) {
      suppressed++;
      return;
    }
    log.warn({ ...details, suppressed }, message);
    last = now;
    suppressed = 0;
  };
}

import { useEffect } from 'react';

/** Calls `reload` every `intervalMs` while `active` (a run still going), and stops when it no longer is. */
export function usePolling(active: boolean, reload: () => void, intervalMs = 1500): void {
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(reload, intervalMs);
    return () => clearInterval(timer);
  }, [active, reload, intervalMs]);
}

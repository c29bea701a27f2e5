import { useEffect, useRef } from 'react';
import { useRouter } from './useRouter';

/**
 * While the component is shown and `holds` (unsaved changes), the router asks `confirm` before it leaves the page.
 * The latest `holds` and `confirm` are used: the guard is registered once, not on every render.
 */
export function useLeaveGuard(holds: boolean, confirm: () => Promise<boolean>): void {
  const { guardLeaving } = useRouter();
  const latest = useRef({ holds, confirm });
  latest.current = { holds, confirm };
  useEffect(() => guardLeaving({ holds: () => latest.current.holds, confirm: () => latest.current.confirm() }), [guardLeaving]);
}

import { createContext, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { anyHolds, mayLeave, type LeaveGuard } from './leave-guards';
import { withSessionParams } from './routes';

export interface RouterState {
  pathname: string;
  /** Goes to `to`; while an editor has unsaved changes, only once the merchant agreed to leave them (see `guardLeaving`). */
  navigate(to: string, options?: { replace?: boolean }): void;
  /** Holds every navigation while `guard` holds, until the merchant confirms; returns the function that removes it. */
  guardLeaving(guard: LeaveGuard): () => void;
}

export const RouterContext = createContext<RouterState | null>(null);

/** The router's mark on each history entry it makes: the entry's position, so back/forward can be undone. */
interface EntryState {
  loyaleIndex: number;
}

const currentUrl = () => `${window.location.pathname}${window.location.search}${window.location.hash}`;

function indexOf(state: unknown): number | null {
  const index = (state as Partial<EntryState> | null)?.loyaleIndex;
  return typeof index === 'number' ? index : null;
}

/**
 * A tiny history-API router: the path is the page, `navigate` pushes a new entry, back/forward (popstate) and
 * App Bridge's navigation menu (it updates the iframe's history and fires popstate) re-render. While a page guards
 * against leaving (unsaved changes), a navigation waits for the merchant's confirmation, and back/forward are undone
 * (`history.go`) and the page asked for is shown once confirmed.
 */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [pathname, setPathname] = useState(() => window.location.pathname);
  const guards = useRef(new Set<LeaveGuard>());
  /** The position of the shown page's history entry. */
  const position = useRef(0);
  /** Counts the moves asked for: of several waiting for a confirmation, only the latest goes ahead. */
  const latest = useRef(0);

  const go = useCallback((target: string, replace: boolean) => {
    if (replace) window.history.replaceState({ loyaleIndex: position.current } satisfies EntryState, '', target);
    else window.history.pushState({ loyaleIndex: ++position.current } satisfies EntryState, '', target);
    setPathname(window.location.pathname);
    window.scrollTo(0, 0);
  }, []);

  /** Runs `move` at once when nothing is unsaved, else once every guard agreed (and no newer move was asked for). */
  const whenAllowed = useCallback((move: () => void) => {
    const attempt = ++latest.current;
    if (!anyHolds(guards.current)) {
      move();
      return;
    }
    void mayLeave(guards.current).then((leave) => {
      if (leave && attempt === latest.current) move();
    });
  }, []);

  useEffect(() => {
    // The entry the app opened on gets its mark, so going back to it can be undone too.
    position.current = indexOf(window.history.state) ?? 0;
    window.history.replaceState({ ...(window.history.state as object | null), loyaleIndex: position.current }, '');

    const show = (index: number | null) => {
      if (index !== null) position.current = index;
      setPathname(window.location.pathname);
    };
    const onPopState = (event: PopStateEvent) => {
      const popped = indexOf(event.state);
      // Back where the page is: the undo below has landed.
      if (popped !== null && popped === position.current) return;
      // An entry of someone else's (no mark) cannot be undone: followed as it is.
      if (popped !== null && anyHolds(guards.current)) {
        const target = currentUrl();
        window.history.go(position.current - popped);
        // Once confirmed, the page asked for is pushed anew rather than traversed to again: an undo the browser did
        // not take (or took onto a copy of the entry) cannot send the merchant elsewhere.
        whenAllowed(() => {
          if (currentUrl() === target) show(popped);
          else go(target, false);
        });
        return;
      }
      show(popped);
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [whenAllowed]);

  const navigate = useCallback(
    (to: string, options: { replace?: boolean } = {}) => {
      const target = withSessionParams(to, window.location.search);
      // A second navigation to where we already are (a link inside a clickable row) adds no history entry.
      if (target === `${window.location.pathname}${window.location.search}`) return;
      whenAllowed(() => go(target, options.replace ?? false));
    },
    [go, whenAllowed],
  );

  const guardLeaving = useCallback((guard: LeaveGuard) => {
    guards.current.add(guard);
    return () => {
      guards.current.delete(guard);
    };
  }, []);

  const value = useMemo(() => ({ pathname, navigate, guardLeaving }), [pathname, navigate, guardLeaving]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

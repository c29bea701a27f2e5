import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { withSessionParams } from './routes';

export interface RouterState {
  pathname: string;
  navigate(to: string, options?: { replace?: boolean }): void;
}

export const RouterContext = createContext<RouterState | null>(null);

/**
 * A tiny history-API router: the path is the page, `navigate` pushes a new entry, back/forward (popstate) and
 * App Bridge's navigation menu (it updates the iframe's history and fires popstate) re-render.
 */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [pathname, setPathname] = useState(() => window.location.pathname);

  useEffect(() => {
    const onPopState = () => setPathname(window.location.pathname);
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const navigate = useCallback((to: string, options: { replace?: boolean } = {}) => {
    const target = withSessionParams(to, window.location.search);
    // A second navigation to where we already are (a link inside a clickable row) adds no history entry.
    if (target === `${window.location.pathname}${window.location.search}`) return;
    if (options.replace) window.history.replaceState(null, '', target);
    else window.history.pushState(null, '', target);
    setPathname(window.location.pathname);
    window.scrollTo(0, 0);
  }, []);

  const value = useMemo(() => ({ pathname, navigate }), [pathname, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

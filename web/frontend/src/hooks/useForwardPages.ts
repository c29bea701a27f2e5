import { useState, type DependencyList } from 'react';
import { useResource, type Resource } from './useResource';

/** A page of a list the API pages forward only (`?after=` the previous page's `endCursor`). */
interface ForwardPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface ForwardPages<T> {
  resource: Resource<T>;
  next: (() => void) | undefined;
  previous: (() => void) | undefined;
  /** Back to the first page, loaded again. */
  refresh(): void;
}

/**
 * A list one cursor page at a time (a customer's ledger, the mail log). The API pages forward only; the cursors of
 * the pages already seen are kept, so "previous" goes back through them. They belong to one `deps` (a customer, a
 * filter): when those change, the list starts again at the first page.
 */
export function useForwardPages<T extends ForwardPage>(
  load: (after: string | undefined, signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
): ForwardPages<T> {
  const key = JSON.stringify(deps);
  const [state, setState] = useState<{ key: string; cursors: (string | undefined)[] }>({ key, cursors: [undefined] });
  const cursors = state.key === key ? state.cursors : [undefined];
  const after = cursors[cursors.length - 1];
  const resource = useResource((signal) => load(after, signal), [key, after]);
  // While a page loads, the one shown may be of the old filter: its cursor would lead into the wrong list.
  const pageInfo = resource.loading ? undefined : resource.data?.pageInfo;
  const endCursor = pageInfo?.hasNextPage ? pageInfo.endCursor : null;

  return {
    resource,
    next: endCursor ? () => setState({ key, cursors: [...cursors, endCursor] }) : undefined,
    previous: cursors.length > 1 ? () => setState({ key, cursors: cursors.slice(0, -1) }) : undefined,
    refresh() {
      if (cursors.length > 1) setState({ key, cursors: [undefined] });
      else resource.reload();
    },
  };
}

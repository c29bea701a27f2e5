import { useContext } from 'react';
import { RouterContext, type RouterState } from '../router/RouterProvider';

export function useRouter(): RouterState {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useRouter outside RouterProvider');
  return router;
}

import { createContext, type ReactNode } from 'react';
import type { Endpoints } from './endpoints';

export const ApiContext = createContext<Endpoints | null>(null);

export function ApiProvider({ api, children }: { api: Endpoints; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

import { useContext } from 'react';
import { ApiContext } from '../api/ApiContext';
import type { Endpoints } from '../api/endpoints';

export function useApi(): Endpoints {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}

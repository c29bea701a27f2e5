import { useContext } from 'react';
import type { Shop } from '../api/types';
import { ShopContext } from '../components/shell/ShopProvider';

export function useShop(): Shop {
  const shop = useContext(ShopContext);
  if (!shop) throw new Error('useShop outside ShopProvider');
  return shop;
}

import { useContext } from 'react';
import { AppBridgeContext, type AppBridge } from '../components/shell/AppBridgeContext';

/** App Bridge inside the Shopify admin, null standalone. */
export function useAppBridge(): AppBridge | null {
  return useContext(AppBridgeContext);
}

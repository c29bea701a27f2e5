import { createContext } from 'react';

/** App Bridge's `shopify` global (typed by @shopify/app-bridge-types). */
export type AppBridge = typeof window.shopify;

/** App Bridge when the app runs inside the Shopify admin; null standalone (the local emulator has none). */
export const AppBridgeContext = createContext<AppBridge | null>(null);

import { AppProvider, Frame } from '@shopify/polaris';
import deTranslations from '@shopify/polaris/locales/de.json';
import enTranslations from '@shopify/polaris/locales/en.json';
import { useMemo } from 'react';
import { ApiProvider } from './api/ApiContext';
import { createApiClient } from './api/client';
import { endpoints } from './api/endpoints';
import { appBridgeTokenSource, devTokenSource, type TokenSource } from './api/token';
import { AppBridgeContext } from './components/shell/AppBridgeContext';
import { AppNavigation } from './components/shell/AppNavigation';
import { Routes } from './components/shell/Routes';
import { ShopProvider } from './components/shell/ShopProvider';
import { ToastProvider } from './components/shell/ToastProvider';
import type { AdminEnv } from './env';
import { I18nProvider } from './i18n/I18nProvider';
import type { Locale } from './i18n/locale';
import { MESSAGES } from './i18n/messages';
import { translate } from './i18n/translate';
import { RouterLink } from './router/RouterLink';
import { RouterProvider } from './router/RouterProvider';

const POLARIS_TRANSLATIONS: Record<Locale, typeof enTranslations> = { en: enTranslations, de: deTranslations };

function tokenSource(env: AdminEnv, locale: Locale): TokenSource {
  if (env.appBridge) return appBridgeTokenSource(env.appBridge);
  if (env.tokenUrl) return devTokenSource(env.tokenUrl);
  // Opened without Shopify and without the emulator: every call answers 401, which the shell reports.
  return { get: () => Promise.reject(new Error(translate(MESSAGES[locale], 'api.noSession'))), invalidate: () => undefined };
}

export function App({ env, locale }: { env: AdminEnv; locale: Locale }) {
  const api = useMemo(() => endpoints(createApiClient(tokenSource(env, locale), locale)), [env, locale]);
  return (
    <RouterProvider>
      <AppProvider i18n={POLARIS_TRANSLATIONS[locale]} linkComponent={RouterLink}>
        <I18nProvider locale={locale}>
          <ApiProvider api={api}>
            <AppBridgeContext.Provider value={env.appBridge}>
              {/* The Frame hosts toasts and the editors' save bar standalone; inside Shopify App Bridge draws both. */}
              <Frame>
                <ToastProvider appBridge={env.appBridge}>
                  <ShopProvider>
                    <AppNavigation embedded={env.appBridge !== null} />
                    <Routes />
                  </ShopProvider>
                </ToastProvider>
              </Frame>
            </AppBridgeContext.Provider>
          </ApiProvider>
        </I18nProvider>
      </AppProvider>
    </RouterProvider>
  );
}

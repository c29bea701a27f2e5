import { Banner, Button, Page, SkeletonBodyText, SkeletonPage, Card, Layout } from '@shopify/polaris';
import { createContext, type ReactNode } from 'react';
import type { Shop } from '../../api/types';
import { useApi } from '../../hooks/useApi';
import { useI18n } from '../../hooks/useI18n';
import { useResource } from '../../hooks/useResource';
import { I18nProvider } from '../../i18n/I18nProvider';

export const ShopContext = createContext<Shop | null>(null);

/** Loads the shop once (currency, timezone, name); every page below can rely on it, and shows dates in its zone. */
export function ShopProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const shop = useResource((signal) => api.shop(signal), []);

  if (shop.error) {
    return (
      <Page title={t('app.name')}>
        <Banner tone="critical" title={t('app.loadError')}>
          <p>{shop.error.message}</p>
          <Button onClick={shop.reload}>{t('app.retry')}</Button>
        </Banner>
      </Page>
    );
  }
  if (!shop.data) {
    return (
      <SkeletonPage primaryAction>
        <Layout>
          <Layout.Section>
            <Card>
              <SkeletonBodyText lines={4} />
            </Card>
          </Layout.Section>
        </Layout>
      </SkeletonPage>
    );
  }
  return (
    <ShopContext.Provider value={shop.data}>
      {/* Dates on the shop's clock, wherever the merchant opens the admin. */}
      <I18nProvider locale={locale} timeZone={shop.data.timezone}>
        {children}
      </I18nProvider>
    </ShopContext.Provider>
  );
}

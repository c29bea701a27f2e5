import { Banner, Button, Page, SkeletonBodyText, SkeletonPage, Card, Layout } from '@shopify/polaris';
import { createContext, type ReactNode } from 'react';
import type { Shop } from '../../api/types';
import { useApi } from '../../hooks/useApi';
import { useI18n } from '../../hooks/useI18n';
import { useResource } from '../../hooks/useResource';

export const ShopContext = createContext<Shop | null>(null);

/** Loads the shop once (currency, timezone, name); every page below can rely on it. */
export function ShopProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const { t } = useI18n();
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
  return <ShopContext.Provider value={shop.data}>{children}</ShopContext.Provider>;
}

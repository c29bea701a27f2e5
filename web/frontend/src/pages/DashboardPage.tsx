import { Banner, BlockStack, Layout, Page, SkeletonBodyText, Card } from '@shopify/polaris';
import { useState } from 'react';
import { DateRangeControl, type RangeSelection } from '../components/dashboard/DateRangeControl';
import { MetricsGrid } from '../components/dashboard/MetricsGrid';
import { PointsChartCard } from '../components/dashboard/PointsChartCard';
import { lastDays } from '../components/dashboard/range';
import { TierMembersCard } from '../components/dashboard/TierMembersCard';
import { useApi } from '../hooks/useApi';
import { useI18n } from '../hooks/useI18n';
import { useResource } from '../hooks/useResource';
import { useShop } from '../hooks/useShop';

export function DashboardPage() {
  const api = useApi();
  const shop = useShop();
  const { t } = useI18n();
  const [selection, setSelection] = useState<RangeSelection>(() => ({ preset: '30', range: lastDays(30, shop.timezone) }));
  const { range } = selection;
  const dashboard = useResource((signal) => api.dashboard(range, signal), [range.from, range.to]);

  return (
    <Page title={t('dashboard.title')} subtitle={t('dashboard.subtitle')}>
      <BlockStack gap="400">
        <DateRangeControl value={selection} timeZone={shop.timezone} onChange={setSelection} />
        {dashboard.error && (
          <Banner tone="critical" action={{ content: t('app.retry'), onAction: dashboard.reload }}>
            <p>{t('common.requestFailed', { message: dashboard.error.message })}</p>
          </Banner>
        )}
        {dashboard.data ? (
          <div aria-busy={dashboard.loading} id="dashboard-figures">
          <BlockStack gap="400">
            <MetricsGrid dashboard={dashboard.data} />
            <Layout>
              <Layout.Section>
                <PointsChartCard daily={dashboard.data.daily} />
              </Layout.Section>
              <Layout.Section variant="oneThird">
                <TierMembersCard tiers={dashboard.data.tiers} members={dashboard.data.members} />
              </Layout.Section>
            </Layout>
          </BlockStack>
          </div>
        ) : (
          !dashboard.error && (
            <Card>
              <SkeletonBodyText lines={6} />
            </Card>
          )
        )}
      </BlockStack>
    </Page>
  );
}

import { Banner, BlockStack, Layout, Page, SkeletonBodyText, Card } from '@shopify/polaris';
import { useState } from 'react';
import { ApiError } from '../api/client';
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
  // A range the server refused (422): its field messages say why; asking again would change nothing.
  const fieldErrors = dashboard.error instanceof ApiError ? Object.values(dashboard.error.fieldErrors) : [];
  const refused = fieldErrors.length > 0 ? fieldErrors : null;

  return (
    <Page title={t('dashboard.title')} subtitle={t('dashboard.subtitle')}>
      <BlockStack gap="400">
        <DateRangeControl value={selection} timeZone={shop.timezone} onChange={setSelection} />
        {dashboard.error && (
          <Banner tone="critical" action={refused ? undefined : { content: t('app.retry'), onAction: dashboard.reload }}>
            <p id="dashboard-error">{refused ? refused.join(' ') : t('common.requestFailed', { message: dashboard.error.message })}</p>
          </Banner>
        )}
        {/* The figures of an earlier range are not shown under the range that failed. */}
        {dashboard.data && !dashboard.error ? (
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

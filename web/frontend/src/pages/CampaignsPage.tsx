import { Banner, BlockStack, Card, Page } from '@shopify/polaris';
import { CampaignsTable } from '../components/campaigns/CampaignsTable';
import { useApi } from '../hooks/useApi';
import { useI18n } from '../hooks/useI18n';
import { useResource } from '../hooks/useResource';
import { paths } from '../router/routes';

/** The shop's surprise-gift campaigns (lazy-loaded: default export for React.lazy). */
export default function CampaignsPage() {
  const api = useApi();
  const { t } = useI18n();
  const campaigns = useResource((signal) => api.campaigns(signal), []);
  const program = useResource((signal) => api.programSettings(signal), []);
  const rewardName = (rewardId: string) => program.data?.rewards.find((reward) => reward.id === rewardId)?.name;

  return (
    <Page title={t('campaigns.title')} subtitle={t('campaigns.subtitle')} primaryAction={{ content: t('campaigns.create'), url: paths.newCampaign }}>
      <BlockStack gap="400">
        {campaigns.error && (
          <Banner tone="critical" action={{ content: t('app.retry'), onAction: campaigns.reload }}>
            <p>{t('common.requestFailed', { message: campaigns.error.message })}</p>
          </Banner>
        )}
        <Card padding="0">
          <div id="campaigns-table">
            <CampaignsTable campaigns={campaigns.data?.campaigns ?? []} loading={campaigns.loading} rewardName={rewardName} />
          </div>
        </Card>
      </BlockStack>
    </Page>
  );
}

import { Banner, BlockStack, Card, InlineGrid, Layout, Page, SkeletonPage, Text } from '@shopify/polaris';
import { isRunning } from '../campaigns/types';
import { RunRecipientsTable } from '../components/campaigns/RunRecipientsTable';
import { RunStatusBadge } from '../components/campaigns/RunStatusBadge';
import { SectionCard } from '../components/shell/SectionCard';
import { useApi } from '../hooks/useApi';
import { useI18n } from '../hooks/useI18n';
import { usePolling } from '../hooks/usePolling';
import { useResource } from '../hooks/useResource';
import { failureText } from '../i18n/failure-text';
import { paths } from '../router/routes';

/** One run of a campaign: its figures and every recipient with what they got (lazy-loaded). */
export default function CampaignRunPage({ runId }: { runId: string }) {
  const api = useApi();
  const i18n = useI18n();
  const { t, format } = i18n;
  const run = useResource((signal) => api.campaignRun(runId, signal), [runId]);
  usePolling(run.data ? isRunning(run.data) : false, run.reload);

  if (run.error) {
    return (
      <Page backAction={{ content: t('campaigns.back'), url: paths.campaigns }} title={t('campaigns.runPage.fallbackTitle')}>
        <Banner tone="critical" action={{ content: t('app.retry'), onAction: run.reload }}>
          <p>{t('common.requestFailed', { message: run.error.message })}</p>
        </Banner>
      </Page>
    );
  }
  if (!run.data) return <SkeletonPage backAction />;

  const data = run.data;
  const failure = failureText({ scope: 'campaigns', failure: data }, i18n);
  const figure = (label: string, value: string | number | null) => (
    <BlockStack gap="100">
      <Text as="p" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        {value === null ? t('common.none') : typeof value === 'number' ? format.number(value) : value}
      </Text>
    </BlockStack>
  );
  return (
    <Page
      backAction={{ content: data.campaign.name ?? t('campaigns.back'), url: paths.campaign(data.campaign.id) }}
      title={t('campaigns.runPage.title', { date: format.dateTime(data.startedAt ?? data.createdAt) })}
      subtitle={data.campaign.name ?? undefined}
      titleMetadata={<RunStatusBadge status={data.status} />}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {failure && (
              <Banner tone="critical">
                <p id="campaign-run-failure">{failure}</p>
              </Banner>
            )}
            <SectionCard title={t('campaigns.runPage.summary')}>
              <InlineGrid columns={{ xs: 2, md: 5 }} gap="400">
                {figure(t('campaigns.runPage.trigger'), t(`campaigns.history.triggers.${data.trigger}`))}
                {figure(t('campaigns.runPage.audience'), data.audienceSize)}
                {figure(t('campaigns.runPage.recipients'), data.recipientCount)}
                {figure(t('campaigns.runPage.delivered'), data.recipients.filter((r) => r.status === 'delivered').length)}
                {figure(t('campaigns.runPage.failed'), data.recipients.filter((r) => r.status === 'failed').length)}
              </InlineGrid>
            </SectionCard>
            <Card padding="0">
              <div id="campaign-run-recipients">
                <RunRecipientsTable recipients={data.recipients} />
              </div>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

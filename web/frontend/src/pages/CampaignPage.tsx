import { Badge, Banner, BlockStack, InlineStack, Layout, Modal, Page, SkeletonPage, Text } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { newIdempotencyKey } from '../api/idempotency';
import { shopDateTime } from '../campaigns/describe';
import { giftProductMissingAt, unplacedErrors } from '../campaigns/form';
import { isRunning } from '../campaigns/types';
import { AudienceCard } from '../components/campaigns/AudienceCard';
import { GeneralCard } from '../components/campaigns/GeneralCard';
import { GiftCard } from '../components/campaigns/GiftCard';
import { PreviewCard } from '../components/campaigns/PreviewCard';
import { RecipientsCard } from '../components/campaigns/RecipientsCard';
import { RunsCard } from '../components/campaigns/RunsCard';
import { ScheduleCard } from '../components/campaigns/ScheduleCard';
import { EditorForm } from '../components/shell/EditorForm';
import { FieldErrorsBanner } from '../components/shell/FieldErrorsBanner';
import { LoadFailedPage } from '../components/shell/LoadFailedPage';
import { RequestFailedBanner } from '../components/shell/RequestFailedBanner';
import { useApi } from '../hooks/useApi';
import { useCampaignForm } from '../hooks/useCampaignForm';
import { useI18n } from '../hooks/useI18n';
import { usePolling } from '../hooks/usePolling';
import { useResource } from '../hooks/useResource';
import { useRouter } from '../hooks/useRouter';
import { useShop } from '../hooks/useShop';
import { useToast } from '../hooks/useToast';
import { paths } from '../router/routes';

/** One campaign: the editor, a preview (dry run), "run now" and the history of runs (lazy-loaded). */
export default function CampaignPage({ campaignId }: { campaignId: string | null }) {
  const api = useApi();
  const { t, locale, format } = useI18n();
  const shop = useShop();
  const toast = useToast();
  const { navigate } = useRouter();
  /**
   * Where the page goes once nothing is unsaved: its own moves after a save (a new campaign's page) or a deletion
   * wait for the render that has the form saved or discarded, else the leave guard would ask about those edits.
   */
  const [leaving, setLeaving] = useState<{ to: string; replace: boolean } | null>(null);
  const state = useCampaignForm(campaignId, (campaign, created) => {
    toast.show(t('campaigns.saved'));
    if (created) setLeaving({ to: paths.campaign(campaign.id), replace: true });
  });
  useEffect(() => {
    if (!leaving || state.dirty) return;
    setLeaving(null);
    navigate(leaving.to, { replace: leaving.replace });
  }, [leaving, state.dirty, navigate]);
  const runs = useResource((signal) => (campaignId ? api.campaignRuns(campaignId, signal) : Promise.resolve({ runs: [] })), [campaignId]);
  usePolling(runs.data?.runs.some(isRunning) ?? false, runs.reload);
  // One key per intended run: a retried request after a network error is the same run, the next click a new one.
  const [runKey, setRunKey] = useState(newIdempotencyKey);
  const [running, setRunning] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const backAction = { content: t('campaigns.back'), url: paths.campaigns };
  const title = state.saved?.name ?? t('campaigns.newTitle');

  const loadError = state.campaign.error ?? state.program.error;
  if (loadError) {
    return <LoadFailedPage backAction={backAction} title={title} error={loadError} onRetry={state.campaign.error ? state.campaign.reload : state.program.reload} />;
  }
  const { form } = state;
  if (!form || !state.program.data) return <SkeletonPage backAction title={title} />;

  const runNow = async () => {
    if (!campaignId) return;
    setRunning(true);
    setFailure(null);
    try {
      await api.runCampaign(campaignId, runKey);
      setRunKey(newIdempotencyKey());
      toast.show(t('campaigns.run.started'));
      runs.reload();
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setRunning(false);
    }
  };
  const remove = async () => {
    if (!campaignId) return;
    try {
      await api.deleteCampaign(campaignId);
      toast.show(t('campaigns.deleted'));
      // Its unsaved edits went with it: nothing to ask about on the way to the list.
      state.discard();
      setLeaving({ to: paths.campaigns, replace: false });
    } catch (error) {
      setConfirmDelete(false);
      setFailure((error as Error).message);
    }
  };

  const unplaced = unplacedErrors(state.errors);
  const needsSave = !campaignId || state.dirty;
  const productMissing = Boolean(state.saved?.giftProductMissingAt);
  // Up front, not only in the gift card further down: the campaign gives nothing until another product is saved.
  const productMissingAt = giftProductMissingAt(state.saved, form);
  return (
    <Page
      backAction={backAction}
      title={title}
      titleMetadata={
        state.saved && (
          <InlineStack gap="200">
            <Badge tone={state.saved.active ? 'success' : undefined}>{state.saved.active ? t('common.active') : t('common.inactive')}</Badge>
            {productMissing && <Badge tone="critical">{t('campaigns.gift.productMissingBadge')}</Badge>}
          </InlineStack>
        )
      }
      subtitle={state.saved?.nextRunAt ? t('campaigns.nextRun', { date: shopDateTime(locale, state.saved.nextRunAt, shop.timezone) }) : undefined}
      secondaryActions={[
        // A campaign whose gift product was deleted cannot run (the server answers 409; the gift card says why).
        ...(campaignId ? [{ content: t('campaigns.run.action'), onAction: () => void runNow(), loading: running, disabled: needsSave || productMissing, id: 'campaign-run-now' }] : []),
        ...(campaignId ? [{ content: t('campaigns.delete'), destructive: true, onAction: () => setConfirmDelete(true) }] : []),
      ]}
    >
      {/* Save and Discard sit in the save bar (App Bridge's inside Shopify), which shows while anything is unsaved (a new
          campaign until its first save); leaving the page then asks first, as on the program page. */}
      <EditorForm state={state} unsavedMessage={campaignId ? t('campaigns.unsavedChanges') : t('campaigns.unsavedNew')}>
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <FieldErrorsBanner errors={state.errors} unplaced={unplaced} />
              <RequestFailedBanner message={state.failure ?? failure} action={state.failure ? state.failureAction : undefined} />
              {productMissingAt && (
                <Banner tone="warning" title={t('campaigns.gift.productMissingTitle')}>
                  <p>{t('campaigns.gift.productMissingBody', { date: format.date(productMissingAt) })}</p>
                </Banner>
              )}
              {needsSave && campaignId && (
                <Banner tone="info">
                  <p>{t('campaigns.run.saveFirst')}</p>
                </Banner>
              )}
              <GeneralCard form={form} state={state} />
              <AudienceCard form={form} state={state} tiers={state.program.data.tiers.flatMap((tier) => (tier.id ? [{ id: tier.id, name: tier.name }] : []))} />
              <RecipientsCard form={form} state={state} />
              <ScheduleCard form={form} state={state} timezone={shop.timezone} />
              <GiftCard form={form} state={state} rewards={state.program.data.rewards} />
              {/* Keyed by the saved version: a save (another audience, another count) drops the old preview. */}
              {campaignId && <PreviewCard key={state.saved?.updatedAt} campaignId={campaignId} disabled={state.dirty} />}
              {campaignId && <RunsCard runs={runs.data?.runs ?? []} loading={runs.loading && !runs.data} />}
            </BlockStack>
          </Layout.Section>
        </Layout>
      </EditorForm>
      <Modal
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={t('campaigns.delete')}
        primaryAction={{ content: t('campaigns.delete'), destructive: true, onAction: () => void remove() }}
        secondaryActions={[{ content: t('common.cancel'), onAction: () => setConfirmDelete(false) }]}
      >
        <Modal.Section>
          <Text as="p">{t('campaigns.deleteConfirm')}</Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

import { Banner, BlockStack, Layout, Page, SkeletonPage } from '@shopify/polaris';
import { useState } from 'react';
import { TierPerksCard } from '../components/perks/TierPerksCard';
import { EarningSection } from '../components/program/EarningSection';
import { RewardsSection } from '../components/program/RewardsSection';
import { TiersSection } from '../components/program/TiersSection';
import { EditorForm } from '../components/shell/EditorForm';
import { FieldErrorsBanner } from '../components/shell/FieldErrorsBanner';
import { LoadFailedPage } from '../components/shell/LoadFailedPage';
import { RequestFailedBanner } from '../components/shell/RequestFailedBanner';
import { useI18n } from '../hooks/useI18n';
import { useProgramForm } from '../hooks/useProgramForm';
import { useShop } from '../hooks/useShop';
import { useToast } from '../hooks/useToast';
import { unplacedErrors, type ErrorSubject } from '../program/form';

/** The program editor (lazy-loaded: default export for React.lazy). */
export default function ProgramPage() {
  const { t } = useI18n();
  const shop = useShop();
  const toast = useToast();
  // The tier perks card reloads after a save: its tiers and rewards are the saved program's.
  const [saves, setSaves] = useState(0);
  const state = useProgramForm(() => {
    toast.show(t('program.saved'));
    setSaves((n) => n + 1);
  });
  const { form, settings } = state;

  if (settings.error) return <LoadFailedPage title={t('program.title')} error={settings.error} onRetry={settings.reload} />;
  if (!form) return <SkeletonPage title={t('program.title')} />;

  const unplaced = unplacedErrors(state.errors);
  const subjectOf = (subject: ErrorSubject) => {
    if (!subject) return null;
    if (subject.row === null) return t(`program.${subject.list}.title`);
    return t(`program.${subject.list}.heading`, { n: subject.row + 1 });
  };
  return (
    <Page title={t('program.title')} subtitle={t('program.subtitle')}>
      <EditorForm state={state} unsavedMessage={t('program.unsavedChanges')}>
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <Banner tone="info">
                <p>{t('program.notice')}</p>
              </Banner>
              <FieldErrorsBanner
                errors={state.errors}
                unplaced={unplaced.map(({ subject, message }) => {
                  const about = subjectOf(subject);
                  return about ? `${about}: ${message}` : message;
                })}
              />
              <RequestFailedBanner message={state.failure} action={state.failureAction} />
              <EarningSection form={form} state={state} currency={shop.currencyCode} />
              <TiersSection tiers={form.tiers} state={state} />
              <RewardsSection rewards={form.rewards} state={state} currency={shop.currencyCode} />
              <TierPerksCard tiersVersion={String(saves)} />
            </BlockStack>
          </Layout.Section>
        </Layout>
      </EditorForm>
    </Page>
  );
}

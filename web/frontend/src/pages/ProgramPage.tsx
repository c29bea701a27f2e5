import { Banner, BlockStack, Layout, Page, SkeletonPage } from '@shopify/polaris';
import { useState } from 'react';
import { singleFlight } from '../api/single-flight';
import { TierPerksCard } from '../components/perks/TierPerksCard';
import { EarningSection } from '../components/program/EarningSection';
import { RewardsSection } from '../components/program/RewardsSection';
import { TiersSection } from '../components/program/TiersSection';
import { EditorForm } from '../components/shell/EditorForm';
import type { EditorState } from '../components/shell/SaveBar';
import { FieldErrorsBanner } from '../components/shell/FieldErrorsBanner';
import { LoadFailedPage } from '../components/shell/LoadFailedPage';
import { RequestFailedBanner } from '../components/shell/RequestFailedBanner';
import { useI18n } from '../hooks/useI18n';
import { useProgramForm } from '../hooks/useProgramForm';
import { useShop } from '../hooks/useShop';
import { useTierPerksForm } from '../hooks/useTierPerksForm';
import { useToast } from '../hooks/useToast';
import { unplacedErrors, type ErrorSubject } from '../program/form';

/** The program editor (lazy-loaded: default export for React.lazy). */
export default function ProgramPage() {
  const { t } = useI18n();
  const shop = useShop();
  const toast = useToast();
  const state = useProgramForm(() => toast.show(t('program.saved')));
  const perks = useTierPerksForm();
  const [saving, setSaving] = useState(false);
  const [oneSaveAtATime] = useState(() => singleFlight<boolean>());
  const { form, settings } = state;

  // The tier perks are part of the page: one save bar, the program first (the perks name its tiers and rewards).
  const page: EditorState = {
    dirty: state.dirty || perks.dirty,
    saving: saving || state.saving,
    save: () =>
      oneSaveAtATime(async () => {
        const programChanged = state.dirty;
        if (!programChanged && !perks.dirty) return true;
        setSaving(true);
        try {
          if (programChanged && !(await state.save())) return false;
          // After a program save the perks load again (its tiers may have changed), keeping the unsaved choices.
          const perksSaved = await perks.save(programChanged);
          if (perksSaved && !programChanged) toast.show(t('perks.saved'));
          return perksSaved;
        } finally {
          setSaving(false);
        }
      }),
    discard() {
      state.discard();
      perks.discard();
    },
  };

  if (settings.error) return <LoadFailedPage title={t('program.title')} error={settings.error} onRetry={settings.reload} />;
  if (!form) return <SkeletonPage title={t('program.title')} />;

  const unplaced = unplacedErrors(state.errors);
  // Names are in the program's language; their translations, which shoppers in the other language read, in the other.
  const translationLocale = form.namesLocale === 'de' ? 'en' : 'de';
  const subjectOf = (subject: ErrorSubject) => {
    if (!subject) return null;
    if (subject.row === null) return t(`program.${subject.list}.title`);
    return t(`program.${subject.list}.heading`, { n: subject.row + 1 });
  };
  return (
    <Page title={t('program.title')} subtitle={t('program.subtitle')}>
      <EditorForm state={page} unsavedMessage={t('program.unsavedChanges')}>
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
              <TiersSection tiers={form.tiers} state={state} translationLocale={translationLocale} />
              <RewardsSection rewards={form.rewards} state={state} currency={shop.currencyCode} translationLocale={translationLocale} />
              <TierPerksCard perks={perks} />
            </BlockStack>
          </Layout.Section>
        </Layout>
      </EditorForm>
    </Page>
  );
}

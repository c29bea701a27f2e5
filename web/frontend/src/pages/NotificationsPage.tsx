import { Banner, BlockStack, Box, Layout, Page, SkeletonPage } from '@shopify/polaris';
import { useState } from 'react';
import type { NotificationKind } from '../api/types';
import { KindsCard } from '../components/notifications/KindsCard';
import { MailActivityCard } from '../components/notifications/MailActivityCard';
import { PreviewCard } from '../components/notifications/PreviewCard';
import { SenderCard } from '../components/notifications/SenderCard';
import { EditorForm } from '../components/shell/EditorForm';
import { FieldErrorsBanner } from '../components/shell/FieldErrorsBanner';
import { LoadFailedPage } from '../components/shell/LoadFailedPage';
import { RequestFailedBanner } from '../components/shell/RequestFailedBanner';
import { useI18n } from '../hooks/useI18n';
import { useNotificationSettingsForm } from '../hooks/useNotificationSettingsForm';
import { useToast } from '../hooks/useToast';
import type { Locale } from '../i18n/locale';

/**
 * Customer emails: sender, each kind on or off, a preview of each, and what became of the mails sent (lazy-loaded:
 * default export for React.lazy).
 */
export default function NotificationsPage() {
  const { t, locale } = useI18n();
  const toast = useToast();
  const state = useNotificationSettingsForm(() => toast.show(t('notifications.saved')));
  const [previewKind, setPreviewKind] = useState<NotificationKind>('points_earned');
  // The merchant's language first; customers get theirs, so both can be previewed.
  const [previewLanguage, setPreviewLanguage] = useState<Locale>(locale);
  const { form, saved, settings } = state;

  if (settings.error) return <LoadFailedPage title={t('notifications.title')} error={settings.error} onRetry={settings.reload} />;
  if (!form || !saved) return <SkeletonPage title={t('notifications.title')} />;

  return (
    <Page title={t('notifications.title')} subtitle={t('notifications.subtitle')}>
      <EditorForm state={state} unsavedMessage={t('notifications.unsavedChanges')}>
        <Layout>
          <Layout.Section variant="oneHalf">
            <BlockStack gap="400">
              {!saved.smtpConfigured && (
                <Banner tone="warning">
                  <p>{t('notifications.noSmtp')}</p>
                </Banner>
              )}
              <FieldErrorsBanner errors={state.errors} />
              <RequestFailedBanner message={state.failure} />
              <SenderCard form={form} state={state} defaultName={saved.defaultSenderName} />
              <KindsCard form={form} state={state} onPreview={setPreviewKind} />
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <PreviewCard
              kind={previewKind}
              onKind={setPreviewKind}
              language={previewLanguage}
              onLanguage={setPreviewLanguage}
              senderName={form.senderName.trim()}
              enabled={form.kinds[previewKind]}
            />
          </Layout.Section>
        </Layout>
      </EditorForm>
      {/* Outside the settings form: its filter and pages are no unsaved changes. */}
      <Box paddingBlockStart="400">
        <MailActivityCard />
      </Box>
    </Page>
  );
}

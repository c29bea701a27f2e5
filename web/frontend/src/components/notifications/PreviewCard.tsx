import { Banner, BlockStack, Box, FormLayout, Select, SkeletonBodyText, Text } from '@shopify/polaris';
import { ApiError } from '../../api/client';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../api/types';
import { useApi } from '../../hooks/useApi';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { useI18n } from '../../hooks/useI18n';
import { useResource } from '../../hooks/useResource';
import { LOCALES, type Locale } from '../../i18n/locale';
import { SectionCard } from '../shell/SectionCard';

interface Props {
  kind: NotificationKind;
  onKind(kind: NotificationKind): void;
  language: Locale;
  onLanguage(language: Locale): void;
  /** The sender name as the form has it now, '' for the shop's own name (the preview follows it while typing). */
  senderName: string;
  /** Whether this kind is switched on in the form. */
  enabled: boolean;
}

/**
 * The chosen email with sample data, as the server renders it for customers, in the chosen language. The HTML is
 * shown in a sandboxed frame: no scripts, no access to the admin page.
 */
export function PreviewCard({ kind, onKind, language, onLanguage, senderName, enabled }: Props) {
  const { t } = useI18n();
  const api = useApi();
  const name = useDebouncedValue(senderName, 400);
  const preview = useResource((signal) => api.notificationPreview({ kind, locale: language, senderName: name }, signal), [kind, language, name]);
  // A sender name the server refuses (quotation marks, too long) is the field's to show on save; the preview says why
  // it waits instead of reporting a failure.
  const senderError = preview.error instanceof ApiError ? preview.error.fieldErrors.senderName : undefined;

  return (
    <SectionCard title={t('notifications.preview.title')} description={t('notifications.preview.description')}>
      <BlockStack gap="400">
        <FormLayout>
          <FormLayout.Group condensed>
            <Select
              id="notification-preview-kind"
              label={t('notifications.preview.email')}
              options={NOTIFICATION_KINDS.map((value) => ({ value, label: t(`notifications.kinds.${value}.label`) }))}
              value={kind}
              onChange={(value) => onKind(value as NotificationKind)}
            />
            <Select
              id="notification-preview-language"
              label={t('notifications.preview.language')}
              options={LOCALES.map((value) => ({ value, label: t(`notifications.preview.languages.${value}`) }))}
              value={language}
              onChange={(value) => onLanguage(value as Locale)}
            />
          </FormLayout.Group>
        </FormLayout>
        {!enabled && (
          <Banner tone="warning">
            <p>{t('notifications.preview.off')}</p>
          </Banner>
        )}
        {senderError && (
          <Banner tone="warning">
            <p id="notification-preview-sender-invalid">{t('notifications.preview.senderInvalid', { message: senderError })}</p>
          </Banner>
        )}
        {preview.error && !senderError && (
          <Banner tone="critical">
            <p>{t('common.requestFailed', { message: preview.error.message })}</p>
          </Banner>
        )}
        {preview.data ? (
          <BlockStack gap="200">
            <Text as="p">
              <Text as="span" fontWeight="semibold">
                {t('notifications.preview.subject')}:
              </Text>{' '}
              <span id="notification-preview-subject">{preview.data.subject}</span>
            </Text>
            <Box borderColor="border" borderWidth="025" borderRadius="200" overflowX="hidden" overflowY="hidden">
              <iframe
                id="notification-preview-frame"
                title={t('notifications.preview.frame')}
                sandbox=""
                srcDoc={preview.data.html}
                style={{ display: 'block', width: '100%', height: 480, border: 0 }}
              />
            </Box>
          </BlockStack>
        ) : (
          !preview.error && <SkeletonBodyText lines={6} />
        )}
      </BlockStack>
    </SectionCard>
  );
}

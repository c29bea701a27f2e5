import { BlockStack, Button, Checkbox, InlineStack } from '@shopify/polaris';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../api/types';
import type { NotificationForm, NotificationFormState } from '../../hooks/useNotificationSettingsForm';
import { useI18n } from '../../hooks/useI18n';
import { SectionCard } from '../shell/SectionCard';

interface Props {
  form: NotificationForm;
  state: NotificationFormState;
  /** Shows this kind in the preview. */
  onPreview(kind: NotificationKind): void;
}

/** One switch per kind of email, each with a shortcut to its preview. */
export function KindsCard({ form, state, onPreview }: Props) {
  const { t } = useI18n();
  return (
    <SectionCard title={t('notifications.kinds.title')} description={t('notifications.kinds.description')}>
      <BlockStack gap="300">
        {NOTIFICATION_KINDS.map((kind) => (
          <InlineStack key={kind} align="space-between" blockAlign="start" gap="400" wrap={false}>
            <Checkbox
              id={`notification-kind-${kind}`}
              label={t(`notifications.kinds.${kind}.label`)}
              helpText={t(`notifications.kinds.${kind}.help`)}
              checked={form.kinds[kind]}
              onChange={(checked) => state.setKind(kind, checked)}
              error={state.errors[`kinds.${kind}`]}
            />
            <Button
              variant="plain"
              onClick={() => onPreview(kind)}
              accessibilityLabel={`${t('notifications.kinds.preview')}: ${t(`notifications.kinds.${kind}.label`)}`}
            >
              {t('notifications.kinds.preview')}
            </Button>
          </InlineStack>
        ))}
      </BlockStack>
    </SectionCard>
  );
}

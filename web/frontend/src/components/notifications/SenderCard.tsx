import { FormLayout, TextField } from '@shopify/polaris';
import type { NotificationForm, NotificationFormState } from '../../hooks/useNotificationSettingsForm';
import { useI18n } from '../../hooks/useI18n';
import { SectionCard } from '../shell/SectionCard';

interface Props {
  form: NotificationForm;
  state: NotificationFormState;
  /** The shop's name: the sender while the field is empty. */
  defaultName: string;
}

export function SenderCard({ form, state, defaultName }: Props) {
  const { t } = useI18n();
  return (
    <SectionCard title={t('notifications.sender.title')} description={t('notifications.sender.description')}>
      <FormLayout>
        <TextField
          id="notification-sender-name"
          label={t('notifications.sender.name')}
          value={form.senderName}
          placeholder={defaultName}
          onChange={(value) => state.setText('senderName', value)}
          helpText={t('notifications.sender.nameHelp', { name: defaultName })}
          error={state.errors.senderName}
          maxLength={60}
          autoComplete="off"
        />
        <TextField
          id="notification-reply-to"
          label={t('notifications.sender.replyTo')}
          type="email"
          value={form.replyTo}
          onChange={(value) => state.setText('replyTo', value)}
          helpText={t('notifications.sender.replyToHelp')}
          error={state.errors.replyTo}
          autoComplete="email"
        />
      </FormLayout>
    </SectionCard>
  );
}

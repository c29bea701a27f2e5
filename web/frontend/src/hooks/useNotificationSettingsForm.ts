import type { NotificationKind, NotificationSettings, NotificationSettingsInput } from '../api/types';
import { useApi } from './useApi';
import { useResource } from './useResource';
import { useSettingsForm } from './useSettingsForm';

/** The editable fields: text as typed (the server trims; empty means "not set"). */
export interface NotificationForm {
  senderName: string;
  replyTo: string;
  kinds: Record<NotificationKind, boolean>;
}

const toForm = (settings: NotificationSettings): NotificationForm => ({
  senderName: settings.senderName ?? '',
  replyTo: settings.replyTo ?? '',
  kinds: { ...settings.kinds },
});

const toPayload = (form: NotificationForm): NotificationSettingsInput => ({ ...form });

/** Loads the notification settings into a form; saves them and keeps a 422's field errors by field. */
export function useNotificationSettingsForm(onSaved: () => void) {
  const api = useApi();
  const settings = useResource((signal) => api.notificationSettings(signal), []);
  const editor = useSettingsForm<NotificationSettings, NotificationForm>({
    loaded: settings.data,
    toForm,
    toPayload,
    submit: (form) => api.saveNotificationSettings(toPayload(form)),
    onSaved,
  });
  const { update } = editor;

  return {
    ...editor,
    settings,
    setText(field: 'senderName' | 'replyTo', value: string) {
      update(field, (current) => ({ ...current, [field]: value }));
    },
    setKind(kind: NotificationKind, on: boolean) {
      update(`kinds.${kind}`, (current) => ({ ...current, kinds: { ...current.kinds, [kind]: on } }));
    },
  };
}

export type NotificationFormState = ReturnType<typeof useNotificationSettingsForm>;

import { Banner } from '@shopify/polaris';
import type { FieldErrors } from '../../hooks/useSettingsForm';
import { useI18n } from '../../hooks/useI18n';

interface Props {
  errors: FieldErrors;
  /** Errors no field shows (already worded for the merchant); listed in the banner. */
  unplaced?: readonly string[];
}

/** "Some fields are invalid" while the server's field errors stand, with those that belong to no field. */
export function FieldErrorsBanner({ errors, unplaced = [] }: Props) {
  const { t } = useI18n();
  if (Object.keys(errors).length === 0) return null;
  return (
    <Banner tone="critical" title={t('common.fieldsInvalid')}>
      {unplaced.length > 0 && (
        <ul>
          {unplaced.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </Banner>
  );
}

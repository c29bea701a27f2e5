import { Banner } from '@shopify/polaris';
import { useI18n } from '../../hooks/useI18n';

interface Props {
  /** The failure; no banner while it is null or empty. */
  message: string | null;
  action?: { content: string; onAction(): void };
}

/** A request that failed for a reason no field explains. */
export function RequestFailedBanner({ message, action }: Props) {
  const { t } = useI18n();
  if (!message) return null;
  return (
    <Banner tone="critical" action={action}>
      <p>{t('common.requestFailed', { message })}</p>
    </Banner>
  );
}

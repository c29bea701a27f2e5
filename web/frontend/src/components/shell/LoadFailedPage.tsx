import { Page } from '@shopify/polaris';
import { useI18n } from '../../hooks/useI18n';
import { RequestFailedBanner } from './RequestFailedBanner';

interface Props {
  title: string;
  error: Error;
  onRetry(): void;
  backAction?: { content: string; url: string };
}

/** What an editor page shows when what it edits could not be loaded: the error and "Retry". */
export function LoadFailedPage({ title, error, onRetry, backAction }: Props) {
  const { t } = useI18n();
  return (
    <Page backAction={backAction} title={title}>
      <RequestFailedBanner message={error.message} action={{ content: t('app.retry'), onAction: onRetry }} />
    </Page>
  );
}

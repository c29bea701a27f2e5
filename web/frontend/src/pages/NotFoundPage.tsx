import { Card, EmptyState, Page } from '@shopify/polaris';
import { useI18n } from '../hooks/useI18n';
import { paths } from '../router/routes';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Page>
      <Card>
        <EmptyState heading={t('app.notFoundTitle')} action={{ content: t('app.toDashboard'), url: paths.dashboard }} image="">
          <p>{t('app.notFoundText')}</p>
        </EmptyState>
      </Card>
    </Page>
  );
}

import { Badge, Banner, BlockStack, Layout, Page, SkeletonBodyText, SkeletonPage, Card } from '@shopify/polaris';
import { AdjustmentForm } from '../components/customer/AdjustmentForm';
import { BalanceCard } from '../components/customer/BalanceCard';
import { LedgerCard } from '../components/customer/LedgerCard';
import { PerkGrantsCard } from '../components/perks/PerkGrantsCard';
import { useApi } from '../hooks/useApi';
import { useI18n } from '../hooks/useI18n';
import { useLedger } from '../hooks/useLedger';
import { useResource } from '../hooks/useResource';
import { useToast } from '../hooks/useToast';
import { paths } from '../router/routes';

export function CustomerDetailPage({ customerId }: { customerId: string }) {
  const api = useApi();
  const { t, tp } = useI18n();
  const toast = useToast();
  const customer = useResource((signal) => api.customer(customerId, signal), [customerId]);
  const { ledger, next, previous, refresh } = useLedger(customerId);
  const backAction = { content: t('customer.back'), url: paths.customers };

  if (customer.error) {
    return (
      <Page backAction={backAction} title={t('customer.titleFallback', { id: customerId })}>
        <Banner tone="critical" action={{ content: t('app.retry'), onAction: customer.reload }}>
          <p>{t('common.requestFailed', { message: customer.error.message })}</p>
        </Banner>
      </Page>
    );
  }
  if (!customer.data) return <SkeletonPage backAction />;

  const data = customer.data;
  const reloadBalance = () => {
    customer.reload();
    refresh();
  };
  return (
    <Page
      backAction={backAction}
      title={data.name || data.email || t('customer.titleFallback', { id: data.customerId })}
      subtitle={data.name ? (data.email ?? undefined) : undefined}
      titleMetadata={data.tier ? <Badge tone="info">{data.tier.name}</Badge> : undefined}
    >
      <Layout>
        <Layout.Section>
          {ledger.error ? (
            <Banner tone="critical" action={{ content: t('app.retry'), onAction: ledger.reload }}>
              <p>{t('common.requestFailed', { message: ledger.error.message })}</p>
            </Banner>
          ) : ledger.data ? (
            <LedgerCard entries={ledger.data.entries} onNext={next} onPrevious={previous} />
          ) : (
            <Card>
              <SkeletonBodyText lines={6} />
            </Card>
          )}
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <BalanceCard customer={data} />
            <AdjustmentForm
              customerId={data.customerId}
              onAdjusted={(result) => {
                toast.show(tp('adjust.success', result.points));
                reloadBalance();
              }}
              onMaybeBooked={reloadBalance}
            />
            <PerkGrantsCard customerId={data.customerId} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

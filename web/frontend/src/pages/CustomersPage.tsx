import { Banner, BlockStack, Card, Page } from '@shopify/polaris';
import { CustomerFilters } from '../components/customers/CustomerFilters';
import { CustomersTable } from '../components/customers/CustomersTable';
import { DataExportsCard } from '../components/customers/DataExportsCard';
import { useApi } from '../hooks/useApi';
import { useCustomerList } from '../hooks/useCustomerList';
import { useI18n } from '../hooks/useI18n';
import { useResource } from '../hooks/useResource';

export function CustomersPage() {
  const api = useApi();
  const { t } = useI18n();
  const program = useResource((signal) => api.program(signal), []);
  const customers = useCustomerList();
  const { list } = customers;

  return (
    <Page title={t('customers.title')}>
      <BlockStack gap="400">
        {list.error && (
          <Banner tone="critical" action={{ content: t('app.retry'), onAction: list.reload }}>
            <p>{t('common.requestFailed', { message: list.error.message })}</p>
          </Banner>
        )}
        <Card padding="0">
          <CustomerFilters
            query={customers.queryInput}
            onQueryChange={customers.setQueryInput}
            tiers={program.data?.tiers ?? []}
            tier={customers.tier}
            onTierChange={customers.setTier}
            sort={customers.sort}
            onSortChange={customers.setSort}
            loading={customers.busy}
          />
          <div aria-busy={customers.busy} id="customers-table">
            <CustomersTable
              customers={list.data?.customers ?? []}
              loading={customers.busy}
              onNext={customers.next}
              onPrevious={customers.previous}
            />
          </div>
        </Card>
        <DataExportsCard />
      </BlockStack>
    </Page>
  );
}

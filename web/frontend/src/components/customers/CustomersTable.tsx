import { Badge, EmptySearchResult, IndexTable, Link, Text } from '@shopify/polaris';
import type { CustomerRow } from '../../api/types';
import { useI18n } from '../../hooks/useI18n';
import { useRouter } from '../../hooks/useRouter';
import { paths } from '../../router/routes';

interface Props {
  customers: CustomerRow[];
  loading: boolean;
  onNext?: () => void;
  onPrevious?: () => void;
}

export function CustomersTable({ customers, loading, onNext, onPrevious }: Props) {
  const { t, format } = useI18n();
  const { navigate } = useRouter();
  return (
    <IndexTable
      resourceName={{ singular: t('customers.resource.singular'), plural: t('customers.resource.plural') }}
      itemCount={customers.length}
      selectable={false}
      loading={loading}
      emptyState={<EmptySearchResult title={t('customers.emptyTitle')} description={t('customers.emptyText')} withIllustration />}
      headings={[
        { title: t('customers.columns.name') },
        { title: t('customers.columns.email') },
        { title: t('customers.columns.points'), alignment: 'end' },
        { title: t('customers.columns.tier') },
        { title: t('customers.columns.lastOrder') },
      ]}
      pagination={{
        hasNext: Boolean(onNext),
        hasPrevious: Boolean(onPrevious),
        onNext,
        onPrevious,
        accessibilityLabel: t('common.pagination'),
      }}
    >
      {customers.map((customer, index) => (
        // Polaris attaches the row's click to its primary link only after a re-render; an explicit onClick always works.
        <IndexTable.Row
          id={customer.customerId}
          key={customer.customerId}
          position={index}
          onClick={() => navigate(paths.customer(customer.customerId))}
        >
          <IndexTable.Cell>
            <Link dataPrimaryLink url={paths.customer(customer.customerId)} monochrome removeUnderline>
              <Text as="span" fontWeight="semibold">
                {customer.name || t('customers.unnamed')}
              </Text>
            </Link>
          </IndexTable.Cell>
          <IndexTable.Cell>{customer.email ?? t('common.none')}</IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              {format.number(customer.points)}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>{customer.tier ? <Badge>{customer.tier.name}</Badge> : t('common.none')}</IndexTable.Cell>
          <IndexTable.Cell>{customer.lastOrderAt ? format.date(customer.lastOrderAt) : t('common.none')}</IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

import { BlockStack, Box, Card, DataTable, Pagination, Text } from '@shopify/polaris';
import type { LedgerEntry } from '../../api/types';
import { useI18n } from '../../hooks/useI18n';

interface Props {
  entries: LedgerEntry[];
  onNext?: () => void;
  onPrevious?: () => void;
}

export function LedgerCard({ entries, onNext, onPrevious }: Props) {
  const { t, format } = useI18n();
  const details = (entry: LedgerEntry) =>
    [entry.note ?? (entry.sourceId ? t('customer.ledger.source', { id: entry.sourceId }) : null), entry.actor ? t('customer.ledger.byStaff', { id: entry.actor }) : null]
      .filter(Boolean)
      .join(' · ') || t('common.none');
  const rows = entries.map((entry) => [
    format.dateTime(entry.createdAt),
    t(`customer.reasons.${entry.reason}`),
    details(entry),
    `${entry.delta > 0 ? '+' : ''}${format.number(entry.delta)}`,
    format.number(entry.balanceAfter),
  ]);
  return (
    <Card padding="0">
      <BlockStack>
        <Box padding="400">
          <Text as="h2" variant="headingMd">
            {t('customer.ledger.title')}
          </Text>
        </Box>
        {entries.length === 0 ? (
          <Box padding="400" paddingBlockStart="0">
            <Text as="p">{t('customer.ledger.empty')}</Text>
          </Box>
        ) : (
          <div id="ledger">
            <DataTable
              columnContentTypes={['text', 'text', 'text', 'numeric', 'numeric']}
              headings={[
                t('customer.ledger.date'),
                t('customer.ledger.reason'),
                t('customer.ledger.note'),
                t('customer.ledger.change'),
                t('customer.ledger.balance'),
              ]}
              rows={rows}
            />
          </div>
        )}
        {(onNext || onPrevious) && (
          <Box padding="300">
            <Pagination hasNext={Boolean(onNext)} hasPrevious={Boolean(onPrevious)} onNext={onNext} onPrevious={onPrevious} accessibilityLabel={t('common.pagination')} />
          </Box>
        )}
      </BlockStack>
    </Card>
  );
}

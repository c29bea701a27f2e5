import { IndexTable, Text } from '@shopify/polaris';
import type { RunRecipient } from '../../campaigns/types';
import { useI18n } from '../../hooks/useI18n';
import { failureText } from '../../i18n/failure-text';
import { RecipientStatusBadge } from './RunStatusBadge';

/** What each recipient got: the points, the code, or the order (its number on the platform). */
function Delivered({ recipient }: { recipient: RunRecipient }) {
  const { t, tp } = useI18n();
  if (recipient.points !== null) return <>{tp('campaigns.runPage.points', recipient.points)}</>;
  if (recipient.code) return <Text as="span" fontWeight="medium">{recipient.code}</Text>;
  if (recipient.orderId) return <>{t('campaigns.runPage.order', { id: recipient.orderId.replace(/^gid:\/\/shopify\/Order\//, '') })}</>;
  return <>{t('common.none')}</>;
}

const FAILURE_CELL = { whiteSpace: 'normal', minWidth: '16rem', maxWidth: '32rem' } as const;

export function RunRecipientsTable({ recipients }: { recipients: RunRecipient[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <IndexTable
      resourceName={{ singular: t('campaigns.preview.resource.singular'), plural: t('campaigns.preview.resource.plural') }}
      itemCount={recipients.length}
      selectable={false}
      headings={[
        { title: t('campaigns.runPage.columns.customer') },
        { title: t('campaigns.runPage.columns.tier') },
        { title: t('campaigns.runPage.columns.status') },
        { title: t('campaigns.runPage.columns.delivered') },
        { title: t('campaigns.runPage.columns.error') },
      ]}
    >
      {recipients.map((recipient, index) => (
        <IndexTable.Row id={recipient.customerId} key={recipient.customerId} position={index}>
          <IndexTable.Cell>
            <Text as="span" fontWeight="semibold">
              {recipient.name ?? recipient.email ?? recipient.customerId}
            </Text>
            {recipient.name && recipient.email && (
              <Text as="p" tone="subdued" variant="bodySm">
                {recipient.email}
              </Text>
            )}
          </IndexTable.Cell>
          <IndexTable.Cell>{recipient.tier?.name ?? t('common.none')}</IndexTable.Cell>
          <IndexTable.Cell>
            <RecipientStatusBadge status={recipient.status} />
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Delivered recipient={recipient} />
          </IndexTable.Cell>
          <IndexTable.Cell>
            {/* The table's cells do not wrap: a sentence (and Shopify's quoted refusal) would run off the card. */}
            <div style={FAILURE_CELL}>{failureText({ scope: 'campaigns', failure: recipient }, i18n, { waitingForRetry: recipient.status === 'pending' }) ?? ''}</div>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

import { Badge, BlockStack, InlineStack, ProgressBar, Text } from '@shopify/polaris';
import type { CustomerDetail } from '../../api/types';
import { useI18n } from '../../hooks/useI18n';
import { SectionCard } from '../shell/SectionCard';

/** Qualifying points as a share of the next tier's threshold (qualifying + still needed). */
function progressToNextTier(customer: CustomerDetail): number {
  if (!customer.nextTier) return 100;
  const target = customer.qualifyingPoints + customer.nextTier.pointsNeeded;
  return target > 0 ? Math.min(100, Math.max(0, (customer.qualifyingPoints / target) * 100)) : 100;
}

export function BalanceCard({ customer }: { customer: CustomerDetail }) {
  const { t, tp, format } = useI18n();
  return (
    <SectionCard title={t('customer.balance')}>
      <Text as="p" variant="heading2xl" id="customer-points">
        {tp('customer.points', customer.points)}
      </Text>
      <InlineStack gap="200" blockAlign="center">
        <Text as="span" tone="subdued">
          {t('customer.tier')}
        </Text>
        <span id="customer-tier">{customer.tier ? <Badge tone="info">{customer.tier.name}</Badge> : <Badge>{t('customer.noTier')}</Badge>}</span>
      </InlineStack>
      <BlockStack gap="100">
        <Text as="p" id="customer-next-tier">
          {customer.nextTier
            ? tp('customer.toNextTier', customer.nextTier.pointsNeeded, { tier: customer.nextTier.name })
            : t('customer.topTier')}
        </Text>
        <ProgressBar progress={progressToNextTier(customer)} size="small" tone="success" ariaLabelledBy="customer-next-tier" />
        <Text as="p" variant="bodySm" tone="subdued">
          {t('customer.qualifying', { points: format.number(customer.qualifyingPoints) })}
        </Text>
        {customer.pendingPoints > 0 && (
          <Text as="p" variant="bodySm" id="customer-pending">
            {tp('customer.pending', customer.pendingPoints)}
          </Text>
        )}
      </BlockStack>
      <BlockStack gap="050">
        <Text as="p" variant="bodySm" tone="subdued">
          {t('customer.memberSince', { date: format.date(customer.memberSince) })}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {customer.lastOrderAt ? t('customer.lastOrder', { date: format.date(customer.lastOrderAt) }) : t('customer.noOrders')}
        </Text>
        <Text as="p" variant="bodySm" tone={customer.unsubscribedAt ? 'caution' : 'subdued'} id="customer-emails">
          {customer.unsubscribedAt ? t('customer.emails.unsubscribed', { date: format.date(customer.unsubscribedAt) }) : t('customer.emails.subscribed')}
        </Text>
      </BlockStack>
    </SectionCard>
  );
}

import { Badge, BlockStack, InlineStack, SkeletonBodyText, Text } from '@shopify/polaris';
import { useApi } from '../../hooks/useApi';
import { useI18n } from '../../hooks/useI18n';
import { useResource } from '../../hooks/useResource';
import { failureText } from '../../i18n/failure-text';
import { SectionCard } from '../shell/SectionCard';
import type { PerkGrant } from './types';

const STATUS_TONE = { issued: 'success', pending: 'attention', failed: 'critical' } as const;

/** Why a grant failed, or why a pending one waits (it is tried again), in the merchant's words; nothing without a reason. */
function GrantFailure({ grant }: { grant: PerkGrant }) {
  const i18n = useI18n();
  const text = failureText({ scope: 'perks', failure: grant }, i18n, { waitingForRetry: grant.status === 'pending' });
  if (text === null) return null;
  return (
    <Text as="span" variant="bodySm" tone={grant.status === 'failed' ? 'critical' : 'subdued'}>
      {text}
    </Text>
  );
}

/** A customer's monthly tier perk codes, newest first (the customer page). */
export function PerkGrantsCard({ customerId }: { customerId: string }) {
  const api = useApi();
  const { t, format } = useI18n();
  const grants = useResource((signal) => api.perkGrants(customerId, signal), [customerId]);

  const body = () => {
    if (grants.error) return <Text as="p" tone="critical">{t('common.requestFailed', { message: grants.error.message })}</Text>;
    if (!grants.data) return <SkeletonBodyText lines={2} />;
    if (grants.data.grants.length === 0) return <Text as="p" tone="subdued">{t('perks.grants.empty')}</Text>;
    return (
      <BlockStack gap="300" as="ul">
        {grants.data.grants.map((grant: PerkGrant) => (
          <BlockStack key={grant.id} gap="050" as="li">
            <InlineStack align="space-between" blockAlign="center" gap="200">
              <Text as="span" fontWeight="semibold">
                {grant.rewardName}
              </Text>
              <Badge tone={STATUS_TONE[grant.status]}>{t(`perks.grants.status.${grant.status}`)}</Badge>
            </InlineStack>
            <Text as="span" variant="bodySm" tone="subdued">
              {t('perks.grants.line', { period: format.month(grant.periodKey), tier: grant.tierName ?? t('common.none') })}
            </Text>
            {grant.status === 'issued' && (
              <Text as="span" variant="bodySm">
                <code>{grant.code}</code> · {t('perks.grants.expires', { date: format.date(grant.expiresAt) })}
              </Text>
            )}
            {grant.status !== 'issued' && <GrantFailure grant={grant} />}
          </BlockStack>
        ))}
      </BlockStack>
    );
  };

  return (
    <SectionCard title={t('perks.grants.title')}>
      {body()}
    </SectionCard>
  );
}

import { BlockStack, InlineStack, ProgressBar, Text } from '@shopify/polaris';
import type { Dashboard } from '../../api/types';
import { useI18n } from '../../hooks/useI18n';
import { SectionCard } from '../shell/SectionCard';

export function TierMembersCard({ tiers, members }: { tiers: Dashboard['tiers']; members: number }) {
  const { t, format } = useI18n();
  return (
    <SectionCard title={t('dashboard.tiers.title')}>
      {tiers.length === 0 && <Text as="p">{t('dashboard.tiers.empty')}</Text>}
      <ul style={{ margin: 0, padding: 0, listStyle: 'none' }}>
        <BlockStack gap="300">
          {tiers.map((tier) => (
            <li key={tier.id} id={`tier-members-${tier.id}`}>
              <BlockStack gap="100">
                <InlineStack align="space-between">
                  <Text as="span" fontWeight="semibold" id={`tier-members-${tier.id}-name`}>
                    {tier.name}
                  </Text>
                  <Text as="span" numeric>
                    {format.number(tier.members)}
                  </Text>
                </InlineStack>
                <ProgressBar
                  progress={members > 0 ? (tier.members / members) * 100 : 0}
                  size="small"
                  tone="primary"
                  ariaLabelledBy={`tier-members-${tier.id}-name`}
                />
              </BlockStack>
            </li>
          ))}
        </BlockStack>
      </ul>
    </SectionCard>
  );
}

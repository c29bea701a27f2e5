import { Badge, BlockStack, Box, Button, Divider, InlineStack, Text } from '@shopify/polaris';
import { Fragment } from 'react';
import type { NamesLocale } from '../../api/types';
import type { ProgramFormState } from '../../hooks/useProgramForm';
import { useI18n } from '../../hooks/useI18n';
import type { RewardRow } from '../../program/form';
import { rewardRowAnchor } from '../perks/reward-choices';
import { RewardFields } from './RewardFields';
import { SectionCard } from '../shell/SectionCard';

/** The server's cap (MAX_REWARDS in admin-api/dto/program-settings.ts): rewards are never removed, so none is added past it. */
const MAX_REWARDS = 50;

export function RewardsSection({
  rewards,
  state,
  currency,
  translationLocale,
}: {
  rewards: RewardRow[];
  state: ProgramFormState;
  currency: string;
  translationLocale: NamesLocale;
}) {
  const { t } = useI18n();
  return (
    <SectionCard title={t('program.rewards.title')} description={t('program.rewards.help')}>
      {rewards.map((reward, index) => (
        <Fragment key={reward.key}>
          {index > 0 && <Divider />}
          {/* A saved reward's row has an id the Tier perks card can point at (a perk whose product was deleted). */}
          <BlockStack gap="200" id={reward.id === undefined ? undefined : rewardRowAnchor(reward.id)}>
            <InlineStack align="space-between" blockAlign="center">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h3" variant="headingSm">
                  {t('program.rewards.heading', { n: index + 1 })}
                </Text>
                {reward.id === undefined ? (
                  <Badge tone="attention">{t('common.new')}</Badge>
                ) : (
                  <Badge tone={reward.active ? 'success' : undefined}>{reward.active ? t('common.active') : t('common.inactive')}</Badge>
                )}
                {reward.kind === 'free_product' && reward.productMissingAt && (
                  <Badge tone="critical">{t('program.rewards.productMissingBadge')}</Badge>
                )}
              </InlineStack>
              {reward.id === undefined && (
                <Button
                  variant="plain"
                  tone="critical"
                  accessibilityLabel={t('program.rewards.remove', { n: index + 1 })}
                  onClick={() => state.removeNewReward(index)}
                >
                  {t('common.remove')}
                </Button>
              )}
            </InlineStack>
            <RewardFields reward={reward} index={index} state={state} currency={currency} translationLocale={translationLocale} />
          </BlockStack>
        </Fragment>
      ))}
      <BlockStack gap="100">
        <Box>
          <Button onClick={state.addReward} disabled={rewards.length >= MAX_REWARDS}>
            {t('program.rewards.add')}
          </Button>
        </Box>
        {rewards.length >= MAX_REWARDS && (
          <Text as="p" tone="subdued">
            {t('program.rewards.limit', { max: MAX_REWARDS })}
          </Text>
        )}
      </BlockStack>
    </SectionCard>
  );
}

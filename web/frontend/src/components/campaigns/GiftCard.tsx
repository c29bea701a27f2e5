import { FormLayout, Select, TextField } from '@shopify/polaris';
import type { RewardSettings } from '../../api/types';
import type { CampaignForm } from '../../campaigns/form';
import { GIFT_KINDS, type GiftKind } from '../../campaigns/types';
import type { CampaignFormState } from '../../hooks/useCampaignForm';
import { useI18n } from '../../hooks/useI18n';
import { SectionCard } from '../shell/SectionCard';

/** What each recipient gets: bonus points, a code for one of the shop's rewards, or a product sent free. */
export function GiftCard({ form, state, rewards }: { form: CampaignForm; state: CampaignFormState; rewards: RewardSettings[] }) {
  const { t } = useI18n();
  const error = (field: string) => state.errors[`gift.${field}`];
  const rewardOptions = rewards.flatMap((reward) =>
    reward.id ? [{ value: reward.id, label: reward.active ? reward.name : t('campaigns.gift.rewardInactive', { name: reward.name }) }] : [],
  );
  return (
    <SectionCard title={t('campaigns.gift.title')}>
      <FormLayout>
        <FormLayout.Group condensed>
          <Select
            id="campaign-gift-kind"
            label={t('campaigns.gift.kind')}
            options={GIFT_KINDS.map((kind) => ({ value: kind, label: t(`campaigns.gift.kinds.${kind}`) }))}
            value={form.giftKind}
            onChange={(value) => state.set('giftKind', value as GiftKind, 'gift.kind')}
            error={error('kind')}
          />
          {form.giftKind === 'bonus_points' && (
            <TextField
              id="campaign-points"
              label={t('campaigns.gift.points')}
              type="number"
              min={1}
              value={form.points}
              onChange={(value) => state.set('points', value, 'gift.points')}
              error={error('points')}
              autoComplete="off"
            />
          )}
          {form.giftKind === 'reward_code' && (
            <Select
              id="campaign-reward"
              label={t('campaigns.gift.reward')}
              placeholder={t('campaigns.gift.rewardPlaceholder')}
              options={rewardOptions}
              value={form.rewardId}
              onChange={(value) => state.set('rewardId', value, 'gift.rewardId')}
              error={error('rewardId')}
            />
          )}
          {form.giftKind === 'free_product' && (
            <TextField
              id="campaign-product-variant-id"
              label={t('campaigns.gift.productVariantId')}
              helpText={t('campaigns.gift.productVariantIdHelp')}
              placeholder="gid://shopify/ProductVariant/…"
              value={form.productVariantId}
              onChange={(value) => state.set('productVariantId', value, 'gift.productVariantId')}
              error={error('productVariantId')}
              autoComplete="off"
            />
          )}
        </FormLayout.Group>
      </FormLayout>
    </SectionCard>
  );
}

import { FormLayout, Select, TextField } from '@shopify/polaris';
import { useState } from 'react';
import type { RewardProduct, RewardSettings } from '../../api/types';
import type { CampaignForm } from '../../campaigns/form';
import { GIFT_KINDS, type GiftKind } from '../../campaigns/types';
import type { CampaignFormState } from '../../hooks/useCampaignForm';
import { useI18n } from '../../hooks/useI18n';
import { useShop } from '../../hooks/useShop';
import { ProductVariantPicker } from '../program/ProductVariantPicker';
import { SectionCard } from '../shell/SectionCard';

/** What each recipient gets: bonus points, a code for one of the shop's rewards, or a product sent free. */
export function GiftCard({ form, state, rewards }: { form: CampaignForm; state: CampaignFormState; rewards: RewardSettings[] }) {
  const { t } = useI18n();
  const shop = useShop();
  // The product picked in this edit; a saved campaign keeps only the variant's GID, so its title is not known here.
  const [picked, setPicked] = useState<{ variantId: string; product: RewardProduct } | null>(null);
  const error = (field: string) => state.errors[`gift.${field}`];
  const product: RewardProduct | null =
    picked?.variantId === form.productVariantId
      ? picked.product
      : form.productVariantId
        ? { title: t('campaigns.gift.productSaved'), variantTitle: null, imageUrl: null }
        : null;
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
        </FormLayout.Group>
      </FormLayout>
      {form.giftKind === 'free_product' && (
        <ProductVariantPicker
          id="campaign-product"
          product={product}
          currency={shop.currencyCode}
          helpText={t('campaigns.gift.productHelp')}
          error={error('productVariantId')}
          onChoose={(variant) => {
            setPicked({ variantId: variant.id, product: { title: variant.productTitle, variantTitle: variant.variantTitle, imageUrl: variant.imageUrl } });
            state.set('productVariantId', variant.id, 'gift.productVariantId');
          }}
        />
      )}
    </SectionCard>
  );
}

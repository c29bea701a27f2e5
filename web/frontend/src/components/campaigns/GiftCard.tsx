import { FormLayout, Select, TextField } from '@shopify/polaris';
import { useState } from 'react';
import type { RewardSettings } from '../../api/types';
import type { CampaignForm } from '../../campaigns/form';
import { chosenGiftProduct, type PickedProduct } from '../../campaigns/gift-product';
import { GIFT_KINDS, type GiftKind } from '../../campaigns/types';
import type { CampaignFormState } from '../../hooks/useCampaignForm';
import { useI18n } from '../../hooks/useI18n';
import { useShop } from '../../hooks/useShop';
import { productTitle } from '../../program/product-title';
import { ProductVariantPicker } from '../program/ProductVariantPicker';
import { SectionCard } from '../shell/SectionCard';

/** What each recipient gets: bonus points, a code for one of the shop's rewards, or a product sent free. */
export function GiftCard({ form, state, rewards }: { form: CampaignForm; state: CampaignFormState; rewards: RewardSettings[] }) {
  const { t } = useI18n();
  const shop = useShop();
  // The product picked in this edit; the saved one comes with the campaign (`giftProduct`, asked of the platform, and
  // `savedGiftProduct`, as it was saved).
  const [picked, setPicked] = useState<PickedProduct | null>(null);
  const error = (field: string) => state.errors[`gift.${field}`];
  const chosen = chosenGiftProduct(form.productVariantId, state.saved, picked);
  const absent =
    chosen.kind === 'deleted'
      ? {
          // Named as it was saved: the platform no longer describes a deleted variant.
          message: chosen.product ? t('campaigns.gift.productDeletedNamed', { product: productTitle(chosen.product) }) : t('campaigns.gift.productDeleted'),
          tone: 'critical' as const,
        }
      : chosen.kind === 'unavailable'
        ? { message: t('campaigns.gift.productUnavailable'), tone: 'subdued' as const }
        : undefined;
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
          product={chosen.kind === 'product' ? chosen.product : null}
          currency={shop.currencyCode}
          helpText={t('campaigns.gift.productHelp')}
          absent={absent}
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

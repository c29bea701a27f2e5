import { Banner, Checkbox, FormLayout, Select, TextField } from '@shopify/polaris';
import { REWARD_KINDS, type NamesLocale, type RewardKind } from '../../api/types';
import type { ProgramFormState } from '../../hooks/useProgramForm';
import { useI18n } from '../../hooks/useI18n';
import { hasValue, type RewardRow } from '../../program/form';
import { ProductVariantPicker } from './ProductVariantPicker';

interface Props {
  reward: RewardRow;
  index: number;
  state: ProgramFormState;
  currency: string;
  /** The language of the names' translations (the other of German and English than the program's). */
  translationLocale: NamesLocale;
}

/**
 * One reward's inputs; the kind decides the value field (a fraction, an amount) or the product picker. The minimum
 * tier offers the tiers saved so far: a tier added in this edit has no id the server could check yet.
 */
export function RewardFields({ reward, index, state, currency, translationLocale }: Props) {
  const { t, format } = useI18n();
  const tiers = (state.form?.tiers ?? []).flatMap((tier) => (tier.id ? [{ id: tier.id, name: tier.name }] : []));
  const error = (field: string) => state.errors[`rewards.${index}.${field}`];
  const id = (field: string) => `reward-${index}-${field}`;
  return (
    <FormLayout>
      <FormLayout.Group condensed>
        <TextField
          id={id('name')}
          label={t('program.rewards.name')}
          value={reward.name}
          onChange={(value) => state.setReward(index, 'name', value)}
          error={error('name')}
          maxLength={60}
          autoComplete="off"
        />
        <TextField
          id={id('name-translation')}
          label={t(`program.nameTranslation.${translationLocale}`)}
          helpText={t(`program.nameTranslationHelp.${translationLocale}`)}
          value={reward.nameTranslation}
          onChange={(value) => state.setReward(index, 'nameTranslation', value)}
          error={error('nameTranslation')}
          maxLength={60}
          autoComplete="off"
        />
      </FormLayout.Group>
      <FormLayout.Group condensed>
        <Select
          id={id('kind')}
          label={t('program.rewards.kind')}
          options={REWARD_KINDS.map((kind) => ({ value: kind, label: t(`program.rewards.kinds.${kind}`) }))}
          value={reward.kind}
          onChange={(value) => state.setReward(index, 'kind', value as RewardKind)}
          error={error('kind')}
        />
        <TextField
          id={id('cost')}
          label={t('program.rewards.cost')}
          type="number"
          min={1}
          value={reward.cost}
          onChange={(value) => state.setReward(index, 'cost', value)}
          error={error('cost')}
          autoComplete="off"
        />
      </FormLayout.Group>
      {hasValue(reward.kind) && (
        <TextField
          id={id('value')}
          label={reward.kind === 'percentage_off' ? t('program.rewards.percentageValue') : t('program.rewards.amountValue', { currency })}
          helpText={reward.kind === 'percentage_off' ? t('program.rewards.percentageValueHelp') : undefined}
          inputMode="decimal"
          value={reward.value}
          onChange={(value) => state.setReward(index, 'value', value)}
          error={error('value')}
          autoComplete="off"
        />
      )}
      {reward.kind === 'free_product' && reward.productMissingAt && (
        <Banner tone="warning" title={t('program.rewards.productMissingTitle')}>
          <p>{t('program.rewards.productMissingBody', { date: format.date(reward.productMissingAt) })}</p>
        </Banner>
      )}
      {reward.kind === 'free_product' && (
        <ProductVariantPicker
          id={id('product')}
          product={reward.product}
          currency={currency}
          error={error('productVariantId')}
          onChoose={(variant) => {
            state.setReward(index, 'productVariantId', variant.id);
            state.setReward(index, 'product', { title: variant.productTitle, variantTitle: variant.variantTitle, imageUrl: variant.imageUrl });
            // Another product: the warning about the deleted one no longer applies (saving clears it on the server).
            state.setReward(index, 'productMissingAt', null);
          }}
        />
      )}
      <FormLayout.Group condensed>
        <TextField
          id={id('minimum-subtotal')}
          label={t('program.rewards.minimumSubtotal', { currency })}
          helpText={t('program.rewards.minimumSubtotalHelp')}
          inputMode="decimal"
          value={reward.minimumSubtotal}
          onChange={(value) => state.setReward(index, 'minimumSubtotal', value)}
          error={error('minimumSubtotal')}
          autoComplete="off"
        />
        <TextField
          id={id('validity-days')}
          label={t('program.rewards.validityDays')}
          helpText={t('program.rewards.validityDaysHelp')}
          type="number"
          min={1}
          max={365}
          value={reward.validityDays}
          onChange={(value) => state.setReward(index, 'validityDays', value)}
          error={error('validityDays')}
          autoComplete="off"
        />
        <Select
          id={id('minimum-tier')}
          label={t('program.rewards.minimumTier')}
          helpText={t('program.rewards.minimumTierHelp')}
          options={[
            { value: '', label: t('program.rewards.minimumTierEveryone') },
            ...tiers.map((tier) => ({ value: tier.id, label: t('program.rewards.minimumTierOption', { tier: tier.name }) })),
          ]}
          value={reward.minimumTierId}
          onChange={(value) => state.setReward(index, 'minimumTierId', value)}
          error={error('minimumTierId')}
        />
      </FormLayout.Group>
      <FormLayout.Group condensed>
        <Checkbox
          id={id('active')}
          label={t('program.rewards.active')}
          checked={reward.active}
          onChange={(checked) => state.setReward(index, 'active', checked)}
          error={error('active')}
        />
        <Checkbox
          id={id('combines')}
          label={t('program.rewards.combines')}
          helpText={t('program.rewards.combinesHelp')}
          checked={reward.combinesWithOtherDiscounts}
          onChange={(checked) => state.setReward(index, 'combinesWithOtherDiscounts', checked)}
          error={error('combinesWithOtherDiscounts')}
        />
      </FormLayout.Group>
    </FormLayout>
  );
}

import { Autocomplete, BlockStack, InlineStack, Text, Thumbnail } from '@shopify/polaris';
import { useState } from 'react';
import type { ProductVariantOption, RewardProduct } from '../../api/types';
import { useApi } from '../../hooks/useApi';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { useI18n } from '../../hooks/useI18n';
import { useResource } from '../../hooks/useResource';
import { productTitle } from '../../program/product-title';

interface Props {
  id: string;
  /** What the reward gives now (null: nothing chosen yet). */
  product: RewardProduct | null;
  currency: string;
  error?: string;
  /** @defaultValue the reward's ("The code makes this product free in one order.") */
  helpText?: string;
  /**
   * Said instead of a product while `product` is null and a product is nonetheless chosen (deleted in the shop, or its
   * details not loaded). @defaultValue "No product chosen yet"
   */
  absent?: { message: string; tone: 'critical' | 'subdued' };
  onChoose(variant: ProductVariantOption): void;
}

/**
 * The product of a free-product reward or campaign gift: a search over the shop's variants (asked of the platform as the merchant
 * types, only once the field was used) and the product chosen, with its image.
 */
export function ProductVariantPicker({ id, product, currency, error, helpText, absent, onChoose }: Props) {
  const { t, format } = useI18n();
  const api = useApi();
  const [input, setInput] = useState('');
  const [used, setUsed] = useState(false);
  const query = useDebouncedValue(input, 250);
  const variants = useResource(
    (signal) => (used ? api.productVariants(query, signal) : Promise.resolve({ variants: [] })),
    [used, query],
  );
  const found = variants.data?.variants ?? [];
  const options = found.map((variant) => ({
    value: variant.id,
    label: `${productTitle({ title: variant.productTitle, variantTitle: variant.variantTitle })} · ${format.money(variant.price, currency)}`,
    ...(variant.imageUrl ? { media: <Thumbnail source={variant.imageUrl} alt="" size="small" /> } : {}),
  }));

  return (
    <BlockStack gap="200">
      <Autocomplete
        options={options}
        selected={[]}
        loading={used && variants.loading}
        emptyState={
          used && !variants.loading ? (
            <Text as="p" tone={variants.error ? 'critical' : 'subdued'}>
              {variants.error ? t('program.rewards.productLoadError') : t('program.rewards.productEmpty')}
            </Text>
          ) : undefined
        }
        onSelect={([chosen]) => {
          const variant = found.find((candidate) => candidate.id === chosen);
          if (variant) onChoose(variant);
          setInput('');
        }}
        textField={
          <Autocomplete.TextField
            id={id}
            label={t('program.rewards.product')}
            placeholder={t('program.rewards.productSearch')}
            helpText={helpText ?? t('program.rewards.productHelp')}
            value={input}
            onChange={(value) => {
              setUsed(true);
              setInput(value);
            }}
            onFocus={() => setUsed(true)}
            error={error}
            autoComplete="off"
          />
        }
      />
      {product ? (
        <InlineStack gap="200" blockAlign="center">
          {product.imageUrl && <Thumbnail source={product.imageUrl} alt="" size="small" />}
          <Text as="p" fontWeight="semibold">
            {productTitle(product)}
          </Text>
        </InlineStack>
      ) : (
        <Text as="p" tone={absent?.tone ?? 'subdued'}>
          {absent?.message ?? t('program.rewards.productNone')}
        </Text>
      )}
    </BlockStack>
  );
}

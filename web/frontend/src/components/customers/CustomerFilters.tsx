import { ChoiceList, Filters, Select } from '@shopify/polaris';
import type { CustomerSort, TierRef } from '../../api/types';
import { useI18n } from '../../hooks/useI18n';

interface Props {
  query: string;
  onQueryChange(query: string): void;
  tiers: TierRef[];
  tier: string;
  onTierChange(tierId: string): void;
  sort: CustomerSort;
  onSortChange(sort: CustomerSort): void;
  loading: boolean;
}

const SORTS: CustomerSort[] = ['points_desc', 'points_asc', 'name_asc'];

export function CustomerFilters({ query, onQueryChange, tiers, tier, onTierChange, sort, onSortChange, loading }: Props) {
  const { t } = useI18n();
  const tierName = tiers.find((candidate) => candidate.id === tier)?.name ?? tier;
  return (
    <Filters
      queryValue={query}
      queryPlaceholder={t('customers.searchPlaceholder')}
      onQueryChange={onQueryChange}
      onQueryClear={() => onQueryChange('')}
      onClearAll={() => {
        onQueryChange('');
        onTierChange('');
      }}
      loading={loading}
      filters={[
        {
          key: 'tier',
          label: t('customers.tierFilter'),
          shortcut: true,
          pinned: true,
          filter: (
            <ChoiceList
              title={t('customers.tierFilter')}
              titleHidden
              choices={tiers.map((candidate) => ({ label: candidate.name, value: candidate.id }))}
              selected={tier ? [tier] : []}
              onChange={(selected) => onTierChange(selected[0] ?? '')}
            />
          ),
        },
      ]}
      appliedFilters={tier ? [{ key: 'tier', label: t('customers.tierApplied', { name: tierName }), onRemove: () => onTierChange('') }] : []}
    >
      <div style={{ paddingInlineStart: 'var(--p-space-200)' }}>
        <Select
          label={t('customers.sortLabel')}
          labelInline
          options={SORTS.map((value) => ({ value, label: t(`customers.sort.${value}`) }))}
          value={sort}
          onChange={(value) => onSortChange(value as CustomerSort)}
        />
      </div>
    </Filters>
  );
}

import { Banner, BlockStack, Checkbox, Divider, Select, SkeletonBodyText, Text } from '@shopify/polaris';
import { Fragment } from 'react';
import { useI18n } from '../../hooks/useI18n';
import type { TierPerksFormState } from '../../hooks/useTierPerksForm';
import { RequestFailedBanner } from '../shell/RequestFailedBanner';
import { SectionCard } from '../shell/SectionCard';
import { rewardOptionLabel, rewardRowAnchor, rewardWithMissingProduct } from './reward-choices';

const NONE = '';

/** Scrolls to a reward's row in the program page's Rewards section and puts the focus on its product picker. */
function showRewardRow(rewardId: string): void {
  const row = document.getElementById(rewardRowAnchor(rewardId));
  if (!row) return;
  row.scrollIntoView({ behavior: 'smooth', block: 'center' });
  row.querySelector<HTMLElement>('input[id$="-product"]')?.focus({ preventScroll: true });
}

/**
 * The "Tier perks" card: per tier, the reward granted as a free code on reaching the tier and every month in it. Its
 * changes are unsaved changes of the program page, saved by the page's save bar after the program
 * (`PUT /api/tier-perks`); a program save that changes the tiers keeps them.
 */
export function TierPerksCard({ perks: state }: { perks: TierPerksFormState }) {
  const { t, format } = useI18n();
  const { loaded, saved, rows, errors } = state;

  if (!saved && loaded.error) {
    return (
      <SectionCard title={t('perks.title')}>
        <Banner tone="critical" action={{ content: t('app.retry'), onAction: loaded.reload }}>
          <p>{t('common.requestFailed', { message: loaded.error.message })}</p>
        </Banner>
      </SectionCard>
    );
  }
  if (!saved) {
    return (
      <SectionCard title={t('perks.title')} description={t('perks.help')}>
        <SkeletonBodyText lines={4} />
      </SectionCard>
    );
  }

  const { perks, rewards } = saved;
  const options = [
    { label: t('perks.none'), value: NONE },
    ...rewards.map((r) => ({ label: rewardOptionLabel(r, t), value: r.id })),
  ];

  return (
    <SectionCard title={t('perks.title')} description={t('perks.help')}>
      <RequestFailedBanner message={state.failure} action={state.failureAction} />
      {perks.map((perk, index) => {
        const row = rows[index];
        if (!row) return null;
        const missing = rewardWithMissingProduct(row.rewardId, rewards);
        return (
          <Fragment key={perk.tierId}>
            {index > 0 && <Divider />}
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">
                {perk.tierName}
              </Text>
              <Select
                id={`perk-${perk.tierId}-reward`}
                label={t('perks.reward', { tier: perk.tierName })}
                options={options}
                value={row.rewardId ?? NONE}
                onChange={(value) => state.change(index, { rewardId: value === NONE ? null : value })}
                error={errors[`perks.${index}.rewardId`] ?? errors[`perks.${index}.tierId`]}
              />
              {missing?.productMissingAt && (
                <Banner
                  tone="warning"
                  title={t('perks.productMissingTitle', { name: missing.name })}
                  action={{ content: t('perks.productMissingAction'), onAction: () => showRewardRow(missing.id) }}
                >
                  <p>
                    {t('perks.productMissingBody', {
                      date: format.date(missing.productMissingAt),
                      tier: perk.tierName,
                      section: t('program.rewards.title'),
                    })}
                  </p>
                </Banner>
              )}
              <Checkbox
                id={`perk-${perk.tierId}-active`}
                label={t('perks.active')}
                checked={row.active}
                disabled={row.rewardId === null}
                onChange={(checked) => state.change(index, { active: checked })}
                error={errors[`perks.${index}.active`]}
              />
            </BlockStack>
          </Fragment>
        );
      })}
    </SectionCard>
  );
}

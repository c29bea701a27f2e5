import { Banner, BlockStack, Box, Button, Checkbox, Divider, InlineStack, Select, SkeletonBodyText, Text } from '@shopify/polaris';
import { Fragment, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { useApi } from '../../hooks/useApi';
import { useI18n } from '../../hooks/useI18n';
import { useResource } from '../../hooks/useResource';
import { useToast } from '../../hooks/useToast';
import { SectionCard } from '../shell/SectionCard';
import { rewardOptionLabel, rewardRowAnchor, rewardWithMissingProduct } from './reward-choices';
import type { TierPerkInput } from './types';

const NONE = '';

/** Scrolls to a reward's row in the program page's Rewards section and puts the focus on its product picker. */
function showRewardRow(rewardId: string): void {
  const row = document.getElementById(rewardRowAnchor(rewardId));
  if (!row) return;
  row.scrollIntoView({ behavior: 'smooth', block: 'center' });
  row.querySelector<HTMLElement>('input[id$="-product"]')?.focus({ preventScroll: true });
}

/**
 * The "Tier perks" card: per tier, the reward granted as a free code on reaching the tier and every month in it.
 * Saved on its own (`PUT /api/tier-perks`), apart from the program form; `tiersVersion` changes when the program's
 * tiers were saved, so the card shows the tiers as they are now.
 */
export function TierPerksCard({ tiersVersion }: { tiersVersion: string }) {
  const api = useApi();
  const { t, format } = useI18n();
  const toast = useToast();
  const saved = useResource((signal) => api.tierPerks(signal), [tiersVersion]);
  const [rows, setRows] = useState<TierPerkInput[]>([]);
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  /** The failure is a 409: the perks or the program were saved since the card loaded; a reload shows them. */
  const [stale, setStale] = useState(false);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (saved.data) setRows(saved.data.perks.map(({ tierId, rewardId, active }) => ({ tierId, rewardId, active })));
  }, [saved.data]);

  if (saved.error) {
    return (
      <SectionCard title={t('perks.title')}>
        <Banner tone="critical" action={{ content: t('app.retry'), onAction: saved.reload }}>
          <p>{t('common.requestFailed', { message: saved.error.message })}</p>
        </Banner>
      </SectionCard>
    );
  }
  if (!saved.data) {
    return (
      <SectionCard title={t('perks.title')} description={t('perks.help')}>
        <SkeletonBodyText lines={4} />
      </SectionCard>
    );
  }

  const { version, perks, rewards } = saved.data;
  const dirty = JSON.stringify(rows) !== JSON.stringify(perks.map(({ tierId, rewardId, active }) => ({ tierId, rewardId, active })));
  const options = [
    { label: t('perks.none'), value: NONE },
    ...rewards.map((r) => ({ label: rewardOptionLabel(r, t), value: r.id })),
  ];
  const change = (index: number, patch: Partial<TierPerkInput>) =>
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  const reload = () => {
    setFailure(null);
    setStale(false);
    saved.reload();
  };
  const save = async () => {
    setSaving(true);
    setFailure(null);
    try {
      await api.saveTierPerks(rows, version);
      setErrors({});
      saved.reload();
      toast.show(t('perks.saved'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) setErrors(error.fieldErrors);
      else setFailure(error instanceof Error ? error.message : String(error));
      setStale(error instanceof ApiError && error.status === 409);
    } finally {
      setSaving(false);
    }
  };

  return (
    <SectionCard title={t('perks.title')} description={t('perks.help')}>
      {failure && (
        <Banner
          tone="critical"
          action={stale ? { content: t('common.reload'), onAction: reload } : undefined}
        >
          <p>{t('common.requestFailed', { message: failure })}</p>
        </Banner>
      )}
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
                onChange={(value) => change(index, { rewardId: value === NONE ? null : value })}
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
                onChange={(checked) => change(index, { active: checked })}
                error={errors[`perks.${index}.active`]}
              />
            </BlockStack>
          </Fragment>
        );
      })}
      <Box>
        <InlineStack gap="200">
          <Button variant="primary" onClick={() => void save()} loading={saving} disabled={!dirty}>
            {t('perks.save')}
          </Button>
        </InlineStack>
      </Box>
    </SectionCard>
  );
}

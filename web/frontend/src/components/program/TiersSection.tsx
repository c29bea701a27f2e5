import { BlockStack, Box, Button, Divider, FormLayout, InlineStack, Text, TextField } from '@shopify/polaris';
import { Fragment } from 'react';
import type { NamesLocale } from '../../api/types';
import type { ProgramFormState } from '../../hooks/useProgramForm';
import { useI18n } from '../../hooks/useI18n';
import type { TierRow } from '../../program/form';
import { SectionCard } from '../shell/SectionCard';

const MAX_TIERS = 10;

export function TiersSection({ tiers, state, translationLocale }: { tiers: TierRow[]; state: ProgramFormState; translationLocale: NamesLocale }) {
  const { t } = useI18n();
  const error = (index: number, field: string) => state.errors[`tiers.${index}.${field}`];
  return (
    <SectionCard title={t('program.tiers.title')} description={t('program.tiers.help')}>
      {tiers.map((tier, index) => (
        <Fragment key={tier.key}>
          {index > 0 && <Divider />}
          <BlockStack gap="200">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h3" variant="headingSm">
                {t('program.tiers.heading', { n: index + 1 })}
              </Text>
              <Button
                variant="plain"
                tone="critical"
                disabled={tiers.length <= 1}
                accessibilityLabel={t('program.tiers.remove', { n: index + 1 })}
                onClick={() => state.removeTier(index)}
              >
                {t('common.remove')}
              </Button>
            </InlineStack>
            <FormLayout>
              <FormLayout.Group condensed>
                <TextField
                  id={`tier-${index}-name`}
                  label={t('program.tiers.name')}
                  value={tier.name}
                  onChange={(value) => state.setTier(index, 'name', value)}
                  error={error(index, 'name')}
                  maxLength={60}
                  autoComplete="off"
                />
                <TextField
                  id={`tier-${index}-name-translation`}
                  label={t(`program.nameTranslation.${translationLocale}`)}
                  helpText={t(`program.nameTranslationHelp.${translationLocale}`)}
                  value={tier.nameTranslation}
                  onChange={(value) => state.setTier(index, 'nameTranslation', value)}
                  error={error(index, 'nameTranslation')}
                  maxLength={60}
                  autoComplete="off"
                />
              </FormLayout.Group>
              <FormLayout.Group condensed>
                <TextField
                  id={`tier-${index}-threshold`}
                  label={t('program.tiers.threshold')}
                  type="number"
                  min={0}
                  value={tier.threshold}
                  onChange={(value) => state.setTier(index, 'threshold', value)}
                  error={error(index, 'threshold')}
                  autoComplete="off"
                />
                <TextField
                  id={`tier-${index}-multiplier`}
                  label={t('program.tiers.multiplier')}
                  inputMode="decimal"
                  prefix="×"
                  value={tier.multiplier}
                  onChange={(value) => state.setTier(index, 'multiplier', value)}
                  error={error(index, 'multiplier')}
                  autoComplete="off"
                />
              </FormLayout.Group>
            </FormLayout>
          </BlockStack>
        </Fragment>
      ))}
      <Box>
        <Button onClick={state.addTier} disabled={tiers.length >= MAX_TIERS}>
          {t('program.tiers.add')}
        </Button>
      </Box>
    </SectionCard>
  );
}

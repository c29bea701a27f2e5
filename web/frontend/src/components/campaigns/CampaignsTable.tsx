import { Badge, EmptySearchResult, IndexTable, InlineStack, Link, Text } from '@shopify/polaris';
import { scheduleSummary, shopDateTime } from '../../campaigns/describe';
import { giftSummary } from '../../campaigns/gift-summary';
import type { Campaign } from '../../campaigns/types';
import { useI18n } from '../../hooks/useI18n';
import { useRouter } from '../../hooks/useRouter';
import { useShop } from '../../hooks/useShop';
import { paths } from '../../router/routes';
import { RunStatusBadge } from './RunStatusBadge';

interface Props {
  campaigns: Campaign[];
  loading: boolean;
  rewardName(rewardId: string): string | undefined;
}

export function CampaignsTable({ campaigns, loading, rewardName }: Props) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { timezone } = useShop();
  const { navigate } = useRouter();
  return (
    <IndexTable
      resourceName={{ singular: t('campaigns.resource.singular'), plural: t('campaigns.resource.plural') }}
      itemCount={campaigns.length}
      selectable={false}
      loading={loading}
      emptyState={<EmptySearchResult title={t('campaigns.emptyTitle')} description={t('campaigns.emptyText')} withIllustration />}
      headings={[
        { title: t('campaigns.columns.name') },
        { title: t('campaigns.columns.gift') },
        { title: t('campaigns.columns.schedule') },
        { title: t('campaigns.columns.status') },
        { title: t('campaigns.columns.nextRun') },
        { title: t('campaigns.columns.lastRun') },
      ]}
    >
      {campaigns.map((campaign, index) => (
        <IndexTable.Row id={campaign.id} key={campaign.id} position={index} onClick={() => navigate(paths.campaign(campaign.id))}>
          <IndexTable.Cell>
            <Link dataPrimaryLink url={paths.campaign(campaign.id)} monochrome removeUnderline>
              <Text as="span" fontWeight="semibold">
                {campaign.name}
              </Text>
            </Link>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <InlineStack gap="200" blockAlign="center" wrap={false}>
              <span>{giftSummary(i18n, campaign, rewardName)}</span>
              {/* Its runs give nothing until another product is chosen in the editor (which explains). */}
              {campaign.giftProductMissingAt && <Badge tone="critical">{t('campaigns.gift.productMissingBadge')}</Badge>}
            </InlineStack>
          </IndexTable.Cell>
          <IndexTable.Cell>{scheduleSummary(i18n, campaign.schedule, timezone)}</IndexTable.Cell>
          <IndexTable.Cell>
            <Badge tone={campaign.active ? 'success' : undefined}>{campaign.active ? t('common.active') : t('common.inactive')}</Badge>
          </IndexTable.Cell>
          <IndexTable.Cell>{campaign.nextRunAt ? shopDateTime(locale, campaign.nextRunAt, timezone) : t('common.none')}</IndexTable.Cell>
          <IndexTable.Cell>{campaign.lastRun ? <RunStatusBadge status={campaign.lastRun.status} /> : t('common.none')}</IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

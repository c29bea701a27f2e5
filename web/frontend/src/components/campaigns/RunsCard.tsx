import { IndexTable, Link, Text } from '@shopify/polaris';
import type { CampaignRun } from '../../campaigns/types';
import { useI18n } from '../../hooks/useI18n';
import { useRouter } from '../../hooks/useRouter';
import { paths } from '../../router/routes';
import { SectionCard } from '../shell/SectionCard';
import { RunStatusBadge } from './RunStatusBadge';

/** A campaign's runs, newest first; each opens its recipients. */
export function RunsCard({ runs, loading }: { runs: CampaignRun[]; loading: boolean }) {
  const { t, format } = useI18n();
  const { navigate } = useRouter();
  const number = (value: number) => (
    <Text as="span" alignment="end" numeric>
      {format.number(value)}
    </Text>
  );
  return (
    <SectionCard title={t('campaigns.history.title')}>
      <div id="campaign-history">
        <IndexTable
          resourceName={{ singular: t('campaigns.history.resource.singular'), plural: t('campaigns.history.resource.plural') }}
          itemCount={runs.length}
          selectable={false}
          loading={loading}
          emptyState={
            <Text as="p" tone="subdued">
              {t('campaigns.history.empty')}
            </Text>
          }
          headings={[
            { title: t('campaigns.history.columns.started') },
            { title: t('campaigns.history.columns.trigger') },
            { title: t('campaigns.history.columns.status') },
            { title: t('campaigns.history.columns.recipients'), alignment: 'end' },
            { title: t('campaigns.history.columns.delivered'), alignment: 'end' },
            { title: t('campaigns.history.columns.failed'), alignment: 'end' },
          ]}
        >
          {runs.map((run, index) => (
            <IndexTable.Row id={run.id} key={run.id} position={index} onClick={() => navigate(paths.campaignRun(run.id))}>
              <IndexTable.Cell>
                <Link dataPrimaryLink url={paths.campaignRun(run.id)} monochrome removeUnderline>
                  {format.dateTime(run.startedAt ?? run.createdAt)}
                </Link>
              </IndexTable.Cell>
              <IndexTable.Cell>{t(`campaigns.history.triggers.${run.trigger}`)}</IndexTable.Cell>
              <IndexTable.Cell>
                <RunStatusBadge status={run.status} />
              </IndexTable.Cell>
              <IndexTable.Cell>{number(run.recipientCount)}</IndexTable.Cell>
              <IndexTable.Cell>{number(run.deliveredCount)}</IndexTable.Cell>
              <IndexTable.Cell>{number(run.failedCount)}</IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </div>
    </SectionCard>
  );
}

import { Banner, BlockStack, Button, IndexTable, Text } from '@shopify/polaris';
import { useState } from 'react';
import type { CampaignPreview } from '../../campaigns/types';
import { useApi } from '../../hooks/useApi';
import { useI18n } from '../../hooks/useI18n';
import { SectionCard } from '../shell/SectionCard';

interface Props {
  campaignId: string;
  /** Unsaved edits: the preview would show the saved campaign, so it waits for a save. */
  disabled: boolean;
}

/** A dry run on request: how many members match and who the next run would choose. Nothing is sent. */
export function PreviewCard({ campaignId, disabled }: Props) {
  const { t, tp, format } = useI18n();
  const api = useApi();
  const [preview, setPreview] = useState<CampaignPreview | null>(null);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const load = async () => {
    setLoading(true);
    setFailure(null);
    try {
      setPreview(await api.previewCampaign(campaignId));
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setLoading(false);
    }
  };

  const more = preview ? preview.recipientCount - preview.recipients.length : 0;
  return (
    <SectionCard title={t('campaigns.preview.title')} description={t('campaigns.preview.description')}>
      <BlockStack gap="300">
        <div>
          <Button id="campaign-preview" onClick={() => void load()} loading={loading} disabled={disabled}>
            {t('campaigns.preview.action')}
          </Button>
        </div>
        {failure && (
          <Banner tone="critical">
            <p>{t('common.requestFailed', { message: failure })}</p>
          </Banner>
        )}
        {preview && (
          <BlockStack gap="200">
            <Text as="p" id="campaign-preview-summary">
              {tp('campaigns.preview.audience', preview.audienceSize, { recipients: format.number(preview.recipientCount) })}
            </Text>
            {preview.recipients.length > 0 ? (
              <div id="campaign-preview-table">
                <IndexTable
                  resourceName={{ singular: t('campaigns.preview.resource.singular'), plural: t('campaigns.preview.resource.plural') }}
                  itemCount={preview.recipients.length}
                  selectable={false}
                  headings={[
                    { title: t('campaigns.preview.columns.customer') },
                    { title: t('campaigns.preview.columns.email') },
                    { title: t('campaigns.preview.columns.tier') },
                  ]}
                >
                  {preview.recipients.map((recipient, index) => (
                    <IndexTable.Row id={recipient.customerId} key={recipient.customerId} position={index}>
                      <IndexTable.Cell>{recipient.name ?? t('customers.unnamed')}</IndexTable.Cell>
                      <IndexTable.Cell>{recipient.email ?? t('common.none')}</IndexTable.Cell>
                      <IndexTable.Cell>{recipient.tier?.name ?? t('common.none')}</IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              </div>
            ) : (
              <Text as="p" tone="subdued">
                {t('campaigns.preview.empty')}
              </Text>
            )}
            {more > 0 && (
              <Text as="p" tone="subdued">
                {t('campaigns.preview.more', { count: format.number(more) })}
              </Text>
            )}
          </BlockStack>
        )}
      </BlockStack>
    </SectionCard>
  );
}

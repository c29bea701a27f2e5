import { BlockStack, Button, InlineStack, Text } from '@shopify/polaris';
import { useState } from 'react';
import { saveBlob } from '../../api/download';
import type { DataExport } from '../../api/types';
import { useApi } from '../../hooks/useApi';
import { useI18n } from '../../hooks/useI18n';
import { useResource } from '../../hooks/useResource';
import { useToast } from '../../hooks/useToast';
import { SectionCard } from '../shell/SectionCard';

/** Compliance exports (`customers/data_request`): the merchant downloads them to answer the customer. */
export function DataExportsCard() {
  const api = useApi();
  const { t, format } = useI18n();
  const toast = useToast();
  const exports = useResource((signal) => api.dataExports(signal), []);
  const [downloading, setDownloading] = useState<string | null>(null);

  const download = async (item: DataExport) => {
    setDownloading(item.id);
    try {
      const { blob, filename } = await api.downloadDataExport(item.id);
      saveBlob(blob, filename ?? `loyale-customer-${item.customerId}-export-${item.id}.json`);
    } catch (error) {
      toast.show(t('exports.downloadFailed', { message: (error as Error).message }), { error: true });
    } finally {
      setDownloading(null);
    }
  };

  const items = exports.data?.exports ?? [];
  return (
    <SectionCard title={t('exports.title')} description={t('exports.description')}>
      {exports.error && (
        <Text as="p" tone="critical">
          {t('common.requestFailed', { message: exports.error.message })}
        </Text>
      )}
      {!exports.loading && !exports.error && items.length === 0 && <Text as="p">{t('exports.empty')}</Text>}
      {items.length > 0 && (
        <ul style={{ margin: 0, padding: 0, listStyle: 'none' }}>
          <BlockStack gap="200">
            {items.map((item) => (
              <li key={item.id}>
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <Text as="span">
                    {t('exports.customer', { id: item.customerId })}
                    {item.requestId ? ` · ${t('exports.request', { id: item.requestId })}` : ''} · {format.dateTime(item.createdAt)}
                  </Text>
                  <Button
                    onClick={() => void download(item)}
                    loading={downloading === item.id}
                    accessibilityLabel={t('exports.downloadLabel', { id: item.customerId })}
                  >
                    {t('exports.download')}
                  </Button>
                </InlineStack>
              </li>
            ))}
          </BlockStack>
        </ul>
      )}
    </SectionCard>
  );
}

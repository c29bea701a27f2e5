import { BlockStack, Box, Card, Select, SkeletonBodyText, Text } from '@shopify/polaris';
import { MAIL_OUTCOMES, type MailOutcome } from '../../api/types';
import { useApi } from '../../hooks/useApi';
import { useI18n } from '../../hooks/useI18n';
import { useMailLog } from '../../hooks/useMailLog';
import { useResource } from '../../hooks/useResource';
import { MailCounts } from './MailCounts';
import { MailLogTable } from './MailLogTable';

/**
 * What became of the customer mails: the last 30 days by outcome (with why mails were skipped), how many customers
 * unsubscribed, and the mails themselves newest first, filterable by outcome. Only what the outbox still holds.
 */
export function MailActivityCard() {
  const api = useApi();
  const { t } = useI18n();
  const activity = useResource((signal) => api.mailActivity(signal), []);
  const log = useMailLog();
  const page = log.resource;

  const failed = (error: Error) => (
    <Text as="p" tone="critical">
      {t('common.requestFailed', { message: error.message })}
    </Text>
  );

  return (
    <Card padding="0">
      <div id="mail-activity">
        <Box padding="400">
          <BlockStack gap="400">
            <BlockStack gap="100">
              <Text as="h2" variant="headingMd">
                {t('notifications.activity.title')}
              </Text>
              {activity.data && (
                <Text as="p" tone="subdued">
                  {t('notifications.activity.description', { days: activity.data.days, retention: activity.data.retentionDays })}
                </Text>
              )}
            </BlockStack>
            {activity.error ? failed(activity.error) : activity.data ? <MailCounts activity={activity.data} /> : <SkeletonBodyText lines={3} />}
            <Select
              id="mail-activity-outcome"
              label={t('notifications.activity.filter')}
              options={[
                { value: '', label: t('notifications.activity.allOutcomes') },
                ...MAIL_OUTCOMES.map((value) => ({ value, label: t(`notifications.activity.outcomes.${value}`) })),
              ]}
              value={log.outcome}
              onChange={(value) => log.setOutcome(value as MailOutcome | '')}
            />
            {page.error && failed(page.error)}
          </BlockStack>
        </Box>
        <MailLogTable
          mails={page.data?.mails ?? []}
          loading={page.loading}
          filtered={log.outcome !== ''}
          onNext={log.next}
          onPrevious={log.previous}
        />
      </div>
    </Card>
  );
}

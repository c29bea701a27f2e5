import { BlockStack, InlineGrid, Text } from '@shopify/polaris';
import { MAIL_OUTCOMES, type MailActivity, type MailSkipReason } from '../../api/types';
import { useI18n } from '../../hooks/useI18n';

/** The skip reasons in the order they are listed; `other` last. */
const SKIP_REASONS = ['unsubscribed', 'no_email', 'kind_disabled', 'no_longer_due', 'smtp_not_configured', 'shop_uninstalled', 'other'] as const satisfies readonly (
  | MailSkipReason
  | 'other'
)[];

/** The period's mails by outcome, the skipped ones by reason (those that occurred), and who unsubscribed. */
export function MailCounts({ activity }: { activity: MailActivity }) {
  const { t, tp, format } = useI18n();
  const skipped = SKIP_REASONS.filter((reason) => activity.skippedByReason[reason] > 0);
  return (
    <BlockStack gap="300">
      <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
        {MAIL_OUTCOMES.map((outcome) => (
          <BlockStack key={outcome} gap="050">
            <Text as="span" tone="subdued" id={`mail-count-${outcome}-label`}>
              {t(`notifications.activity.outcomes.${outcome}`)}
            </Text>
            <Text as="span" variant="headingLg" id={`mail-count-${outcome}`} aria-labelledby={`mail-count-${outcome}-label`}>
              {format.number(activity.counts[outcome])}
            </Text>
          </BlockStack>
        ))}
      </InlineGrid>
      {skipped.length > 0 && (
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            {t('notifications.activity.skippedBecause')}
          </Text>
          <ul id="mail-skip-reasons" style={{ margin: 0, paddingInlineStart: '1.25rem' }}>
            {skipped.map((reason) => (
              <li key={reason}>
                <Text as="span">
                  {t(`notifications.activity.skipReasons.${reason}`)}: {format.number(activity.skippedByReason[reason])}
                </Text>
              </li>
            ))}
          </ul>
        </BlockStack>
      )}
      <Text as="p" id="mail-unsubscribed">
        {tp('notifications.activity.unsubscribed', activity.unsubscribedCustomers)}
      </Text>
    </BlockStack>
  );
}

import { Badge, EmptySearchResult, IndexTable, Link, Text } from '@shopify/polaris';
import type { MailLogEntry, MailOutcome } from '../../api/types';
import { useI18n } from '../../hooks/useI18n';
import { mailOutcomeText } from '../../notifications/mail-outcome-text';
import { paths } from '../../router/routes';

const OUTCOME_TONES = { sent: 'success', failed: 'critical', skipped: undefined, pending: 'attention' } as const satisfies Record<
  MailOutcome,
  string | undefined
>;

/** A reason may quote the mail server's answer: the cell wraps instead of running off the card. */
const REASON_CELL = { whiteSpace: 'normal', minWidth: '14rem', maxWidth: '32rem' } as const;

interface Props {
  mails: MailLogEntry[];
  loading: boolean;
  /** A filter is set: the empty state says that nothing matches it. */
  filtered: boolean;
  onNext?: () => void;
  onPrevious?: () => void;
}

/** The mails newest first: when, to whom (as the customer pages show them), which email, what became of it and why. */
export function MailLogTable({ mails, loading, filtered, onNext, onPrevious }: Props) {
  const i18n = useI18n();
  const { t, format } = i18n;
  return (
    <IndexTable
      resourceName={{ singular: t('notifications.activity.resource.singular'), plural: t('notifications.activity.resource.plural') }}
      itemCount={mails.length}
      selectable={false}
      loading={loading}
      emptyState={<EmptySearchResult title={t(filtered ? 'notifications.activity.emptyFiltered' : 'notifications.activity.empty')} />}
      headings={[
        { title: t('notifications.activity.columns.date') },
        { title: t('notifications.activity.columns.customer') },
        { title: t('notifications.activity.columns.kind') },
        { title: t('notifications.activity.columns.outcome') },
        { title: t('notifications.activity.columns.reason') },
      ]}
      pagination={{ hasNext: Boolean(onNext), hasPrevious: Boolean(onPrevious), onNext, onPrevious, accessibilityLabel: t('common.pagination') }}
    >
      {mails.map((mail, index) => (
        <IndexTable.Row id={mail.id} key={mail.id} position={index}>
          <IndexTable.Cell>{format.dateTime(mail.createdAt)}</IndexTable.Cell>
          <IndexTable.Cell>
            <Link url={paths.customer(mail.customer.customerId)} monochrome removeUnderline>
              <Text as="span" fontWeight="semibold">
                {mail.customer.name ?? mail.customer.email ?? t('customer.titleFallback', { id: mail.customer.customerId })}
              </Text>
            </Link>
            {mail.customer.name && mail.customer.email && (
              <Text as="p" tone="subdued" variant="bodySm">
                {mail.customer.email}
              </Text>
            )}
          </IndexTable.Cell>
          <IndexTable.Cell>{t(`notifications.kinds.${mail.kind}.label`)}</IndexTable.Cell>
          <IndexTable.Cell>
            <Badge tone={OUTCOME_TONES[mail.outcome]}>{t(`notifications.activity.outcomes.${mail.outcome}`)}</Badge>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <div style={REASON_CELL}>{mailOutcomeText(mail, i18n) ?? ''}</div>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

import { Badge } from '@shopify/polaris';
import type { RecipientStatus, RunStatus } from '../../campaigns/types';
import { useI18n } from '../../hooks/useI18n';

const RUN_TONES = {
  pending: 'info',
  delivering: 'attention',
  completed: 'success',
  completed_with_errors: 'warning',
  failed: 'critical',
} as const satisfies Record<RunStatus, string>;

const RECIPIENT_TONES = { pending: 'info', delivered: 'success', failed: 'critical' } as const satisfies Record<RecipientStatus, string>;

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const { t } = useI18n();
  return <Badge tone={RUN_TONES[status]}>{t(`campaigns.status.${status}`)}</Badge>;
}

export function RecipientStatusBadge({ status }: { status: RecipientStatus }) {
  const { t } = useI18n();
  return <Badge tone={RECIPIENT_TONES[status]}>{t(`campaigns.recipientStatus.${status}`)}</Badge>;
}

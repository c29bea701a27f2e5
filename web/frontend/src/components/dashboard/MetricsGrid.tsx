import { InlineGrid } from '@shopify/polaris';
import type { Dashboard } from '../../api/types';
import { useI18n } from '../../hooks/useI18n';
import { MetricCard } from './MetricCard';

export function MetricsGrid({ dashboard }: { dashboard: Dashboard }) {
  const { t, format } = useI18n();
  const metrics = [
    { id: 'members', label: t('dashboard.metrics.members'), value: format.number(dashboard.members), help: t('dashboard.metrics.membersHelp') },
    {
      id: 'active-members',
      label: t('dashboard.metrics.activeMembers90d'),
      value: format.number(dashboard.activeMembers90d),
      help: t('dashboard.metrics.activeMembers90dHelp'),
    },
    {
      id: 'points-issued',
      label: t('dashboard.metrics.pointsIssued'),
      value: format.number(dashboard.pointsIssued),
      help: t('dashboard.metrics.pointsIssuedHelp'),
    },
    {
      id: 'points-redeemed',
      label: t('dashboard.metrics.pointsRedeemed'),
      value: format.number(dashboard.pointsRedeemed),
      help: t('dashboard.metrics.pointsRedeemedHelp'),
    },
    // Points expiry: shown once points expired in the range (a program without expiry never has any).
    ...(dashboard.pointsExpired > 0
      ? [
          {
            id: 'points-expired',
            label: t('dashboard.metrics.pointsExpired'),
            value: format.number(dashboard.pointsExpired),
            help: t('dashboard.metrics.pointsExpiredHelp'),
          },
        ]
      : []),
    {
      id: 'outstanding-points',
      label: t('dashboard.metrics.outstandingPoints'),
      value: format.number(dashboard.outstandingPoints),
      help: t('dashboard.metrics.outstandingPointsHelp'),
    },
    {
      id: 'liability',
      label: t('dashboard.metrics.liability'),
      value: format.money(dashboard.liability.amount, dashboard.liability.currencyCode),
      help: t('dashboard.metrics.liabilityHelp'),
    },
    {
      id: 'redemption-rate',
      label: t('dashboard.metrics.redemptionRate'),
      // null: nothing issued in the range, so no ratio (0 % would claim nobody redeemed anything).
      value: dashboard.redemptionRate === null ? t('common.none') : format.percent(dashboard.redemptionRate),
      help: t(dashboard.redemptionRate === null ? 'dashboard.metrics.redemptionRateNone' : 'dashboard.metrics.redemptionRateHelp'),
    },
  ];
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
      {metrics.map((metric) => (
        <MetricCard key={metric.id} {...metric} />
      ))}
    </InlineGrid>
  );
}

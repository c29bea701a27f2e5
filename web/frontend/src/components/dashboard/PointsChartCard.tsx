import { SkeletonBodyText, Text } from '@shopify/polaris';
import { lazy, Suspense } from 'react';
import type { Dashboard } from '../../api/types';
import { useI18n } from '../../hooks/useI18n';
import { SectionCard } from '../shell/SectionCard';

const PointsChart = lazy(() => import('./PointsChart'));

export function PointsChartCard({ daily }: { daily: Dashboard['daily'] }) {
  const { t } = useI18n();
  return (
    <SectionCard title={t('dashboard.chart.title')}>
      {/* polaris-viz uses its empty-state text only as the chart's aria-label: a range without activity says so here. */}
      {daily.every((d) => d.issued === 0 && d.redeemed === 0) ? (
        <Text as="p" tone="subdued" id="points-chart-empty">
          {t('dashboard.chart.empty')}
        </Text>
      ) : (
        <Suspense fallback={<SkeletonBodyText lines={8} />}>
          <PointsChart daily={daily} />
        </Suspense>
      )}
    </SectionCard>
  );
}

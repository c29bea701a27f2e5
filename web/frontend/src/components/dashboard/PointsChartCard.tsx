import { SkeletonBodyText } from '@shopify/polaris';
import { lazy, Suspense } from 'react';
import type { Dashboard } from '../../api/types';
import { useI18n } from '../../hooks/useI18n';
import { SectionCard } from '../shell/SectionCard';

const PointsChart = lazy(() => import('./PointsChart'));

export function PointsChartCard({ daily }: { daily: Dashboard['daily'] }) {
  const { t } = useI18n();
  return (
    <SectionCard title={t('dashboard.chart.title')}>
      <Suspense fallback={<SkeletonBodyText lines={8} />}>
        <PointsChart daily={daily} />
      </Suspense>
    </SectionCard>
  );
}

import '@shopify/polaris-viz/build/esm/styles.css';
import { LineChart, PolarisVizProvider } from '@shopify/polaris-viz';
import type { Dashboard } from '../../api/types';
import { useI18n } from '../../hooks/useI18n';

/** Issued vs redeemed per day. Loaded lazily (React.lazy): polaris-viz is the largest dependency. */
export default function PointsChart({ daily }: { daily: Dashboard['daily'] }) {
  const { t, format } = useI18n();
  const series = [
    { name: t('dashboard.chart.issued'), data: daily.map((d) => ({ key: format.day(d.date), value: d.issued })) },
    { name: t('dashboard.chart.redeemed'), data: daily.map((d) => ({ key: format.day(d.date), value: d.redeemed })) },
  ];
  return (
    <PolarisVizProvider>
      <div style={{ height: 300 }} id="points-chart">
        <LineChart
          data={series}
          theme="Light"
          emptyStateText={t('dashboard.chart.empty')}
          yAxisOptions={{ labelFormatter: (value) => format.number(Number(value ?? 0)) }}
        />
      </div>
    </PolarisVizProvider>
  );
}

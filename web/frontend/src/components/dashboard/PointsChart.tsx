import '@shopify/polaris-viz/build/esm/styles.css';
import { LineChart, PolarisVizProvider } from '@shopify/polaris-viz';
import type { Dashboard } from '../../api/types';
import { useI18n } from '../../hooks/useI18n';
import { dayFormatter, spansYears } from './days';

/**
 * Issued vs redeemed per day. Loaded lazily (React.lazy): polaris-viz is the largest dependency. The days carry their
 * year when the range spans two years (else "Dec 31" would be followed by "Jan 1" of which year?).
 */
export default function PointsChart({ daily }: { daily: Dashboard['daily'] }) {
  const { t, format, locale } = useI18n();
  const day = dayFormatter(locale, spansYears({ from: daily[0]?.date ?? '', to: daily.at(-1)?.date ?? '' }));
  const series = [
    { name: t('dashboard.chart.issued'), data: daily.map((d) => ({ key: day(d.date), value: d.issued })) },
    { name: t('dashboard.chart.redeemed'), data: daily.map((d) => ({ key: day(d.date), value: d.redeemed })) },
  ];
  return (
    <PolarisVizProvider>
      <div style={{ height: 300 }} id="points-chart">
        <LineChart
          data={series}
          theme="Light"
          yAxisOptions={{ labelFormatter: (value) => format.number(Number(value ?? 0)) }}
        />
      </div>
    </PolarisVizProvider>
  );
}

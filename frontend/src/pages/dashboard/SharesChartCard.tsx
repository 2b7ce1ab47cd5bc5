import { Card, Empty, Skeleton } from 'antd';
import { useNavigate } from 'react-router';
import { Chart } from '../../components/Chart';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { indicatorName, isShare, plotted } from '../../lib/aggregates';
import { formatNumber, formatPeriod } from '../../lib/format';
import type { KeyFigures } from './KeyIndicatorsCard';

/** The key indicators measured as shares, against the targets the plans set; a bar opens its analysis. */
export function SharesChartCard({ figures }: { figures: KeyFigures }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const { rows, catalogue, year } = figures;
  const shares = (rows.data ?? []).filter((row) => row.period === year && isShare(catalogue.data?.get(row.indicator)));
  const title = t('dashboard.sharesChart', { period: formatPeriod(year, locale) });
  const option = {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${formatNumber(v, locale)}%` : '—') },
    legend: { top: 0 },
    grid: { left: 44, right: 12, top: 32, bottom: 72 },
    xAxis: {
      type: 'category',
      data: shares.map((row) => indicatorName(catalogue.data?.get(row.indicator), row.indicator, locale)),
      axisLabel: { interval: 0, width: 180, overflow: 'break', fontSize: 11, lineHeight: 14 },
    },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { type: 'bar', name: t('dashboard.achieved'), data: shares.map((row) => plotted(row, catalogue.data?.get(row.indicator))), itemStyle: { color: '#b71c1c' }, barMaxWidth: 48 },
      {
        type: 'line',
        name: t('dashboard.targetSeries'),
        data: shares.map((row) => row.target?.value ?? null),
        lineStyle: { opacity: 0 },
        symbol: 'rect',
        symbolSize: [40, 3],
        itemStyle: { color: '#1677ff' },
      },
    ],
  };

  return (
    <Card title={title}>
      {rows.isError ? <QueryError error={rows.error} onRetry={() => void rows.refetch()} /> : rows.isPending ? <Skeleton active /> : (
        shares.some((row) => row.percent !== null)
          ? (
            <Chart
              option={option}
              height={280}
              label={title}
              onPick={(index) => {
                const row = shares[index];
                if (row) void navigate(figures.link(row.indicator));
              }}
            />
          )
          : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noFigures', { period: formatPeriod(year, locale) })} />
      )}
    </Card>
  );
}

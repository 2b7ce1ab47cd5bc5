import { Col, Row } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useCurrentUser } from '../../app/CurrentUser';
import { PageTitle } from '../../components/PageTitle';
import { WhenVisible } from '../../components/WhenVisible';
import { useT } from '../../i18n';
import { KeyIndicatorsCard, useKeyFigures } from './KeyIndicatorsCard';
import { WorkSummary } from './WorkSummary';

// Below the first screen, and the only users of the table, select and chart code here: fetched on scroll.
const CompletenessCard = lazy(async () => ({ default: (await import('./CompletenessCard')).CompletenessCard }));
const PlansCard = lazy(async () => ({ default: (await import('./PlansCard')).PlansCard }));
const SharesChartCard = lazy(async () => ({ default: (await import('./SharesChartCard')).SharesChartCard }));

/** What the caller's unit has to do and how it stands, each figure a link to its detail. */
export function DashboardPage() {
  const t = useT();
  const { me, can } = useCurrentUser();
  return (
    <>
      <PageTitle title={t('dashboard.title', { unit: me.unit?.name ?? t('header.allUnits') })} />
      <WorkSummary />
      {can.canView && <Figures />}
    </>
  );
}

function Figures() {
  const [year, setYear] = useState<string | undefined>(undefined);
  const figures = useKeyFigures(year);
  return (
    <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
      <Col xs={24}><KeyIndicatorsCard figures={figures} onYear={setYear} /></Col>
      <Col xs={24} xxl={12}>
        <WhenVisible minHeight={320}><Suspense><CompletenessCard /></Suspense></WhenVisible>
      </Col>
      <Col xs={24} xxl={12}>
        <WhenVisible minHeight={320}><Suspense><SharesChartCard figures={figures} /></Suspense></WhenVisible>
      </Col>
      <Col xs={24}>
        <WhenVisible minHeight={240}><Suspense><PlansCard /></Suspense></WhenVisible>
      </Col>
    </Row>
  );
}

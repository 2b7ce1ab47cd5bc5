import { Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { PageTitle } from '../../components/PageTitle';
import { useT } from '../../i18n';
import { AnalysisView } from './AnalysisView';
import { CatalogueView } from './CatalogueView';

/** Figures first (what officials come for), the catalogue of definitions a tab away. */
export function IndicatorsPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'catalogue' ? 'catalogue' : 'analysis';
  return (
    <>
      <PageTitle title={t('indicators.title')} />
      <Tabs
        activeKey={tab}
        onChange={(next) => setParams(next === 'catalogue' ? { tab: 'catalogue' } : {})}
        items={[
          { key: 'analysis', label: t('analysis.tab'), children: tab === 'analysis' && <AnalysisView /> },
          { key: 'catalogue', label: t('indicators.catalogue'), children: tab === 'catalogue' && <CatalogueView /> },
        ]}
      />
    </>
  );
}

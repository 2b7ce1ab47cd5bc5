import { Card, DatePicker, Empty, Flex, Input, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Outlet, useMatch } from 'react-router';
import { useAncestors } from '../../api/queries';
import { PageTitle } from '../../components/PageTitle';
import { useDebounced } from '../../components/useDebounced';
import { useT } from '../../i18n';
import { UnitSearchResults } from './UnitSearchResults';
import { UnitTree } from './UnitTree';
import { useUnitsAsOf } from './asOf';

/** The hierarchy on the left (or search results while searching), the chosen unit on the right. */
export function UnitsPage() {
  const t = useT();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const match = useMatch('/units/:id');
  const selectedId = match?.params.id && /^\d+$/.test(match.params.id) ? Number(match.params.id) : null;
  const ancestors = useAncestors(selectedId);
  const [asOf, setAsOf] = useUnitsAsOf();
  // Stable between renders, so typing in the search box does not reopen what the user closed.
  const reveal = useMemo(() => ancestors.data?.map((unit) => unit.id) ?? [], [ancestors.data]);

  return (
    <>
      <PageTitle title={t('units.title')} />
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(280px, 360px) minmax(0, 1fr)', gap: 16, alignItems: 'start' }}>
        <Card size="small" title={t('units.tree')} styles={{ body: { padding: 12 } }}>
          <Flex align="center" gap={8} style={{ marginBottom: 4 }}>
            <label htmlFor="units-as-of">{t('units.asOf')}</label>
            <DatePicker
              id="units-as-of"
              format="DD/MM/YYYY"
              value={asOf ? dayjs(asOf) : null}
              onChange={(day) => setAsOf(day ? day.format('YYYY-MM-DD') : undefined)}
              placeholder={t('units.today')}
              style={{ flex: 1 }}
            />
          </Flex>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>{t('units.asOfHelp')}</Typography.Paragraph>
          <Input.Search
            aria-label={t('units.searchLabel')}
            placeholder={t('units.searchPlaceholder')}
            allowClear
            value={text}
            onChange={(event) => setText(event.target.value)}
            onSearch={setText}
            style={{ marginBottom: 12 }}
          />
          <div style={{ maxHeight: 'calc(100vh - 240px)', minHeight: 200, overflow: 'auto' }}>
            {q
              ? <UnitSearchResults q={q} />
              // A new day is a new tree: keyed by it, the levels opened on another day are dropped.
              : <UnitTree key={asOf ?? 'today'} selectedId={selectedId} reveal={reveal} asOf={asOf} />}
          </div>
        </Card>
        <section aria-label={t('units.title')}>
          <Outlet />
        </section>
      </div>
    </>
  );
}

export function UnitsIndex() {
  const t = useT();
  return (
    <Card>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('units.pickOne')} />
    </Card>
  );
}

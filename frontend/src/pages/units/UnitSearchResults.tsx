import { Empty, List, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useAncestors, useUnitSearch } from '../../api/queries';
import type { OrgUnit } from '../../api/types';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n';
import { unitPath, useUnitsAsOf } from './asOf';

const PAGE_SIZE = 10;

/** Where a unit sits: the names of the units above it, so two "Xã Tân Lập" can be told apart. */
function UnitPath({ unit }: { unit: OrgUnit }) {
  const ancestors = useAncestors(unit.depth > 0 ? unit.id : null);
  if (unit.depth === 0) return null;
  if (!ancestors.data) return <Skeleton.Input active size="small" style={{ width: 160, height: 14 }} />;
  const names = ancestors.data.filter((a) => a.id !== unit.id).map((a) => a.name);
  return <Typography.Text type="secondary" style={{ fontSize: 12 }}>{names.join(' › ')}</Typography.Text>;
}

export function UnitSearchResults({ q }: { q: string }) {
  const t = useT();
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [q]);
  const search = useUnitSearch(q, page, PAGE_SIZE);
  // A unit found opens on the tree's day, as one picked in the tree does.
  const [asOf] = useUnitsAsOf();

  if (search.isPending) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (search.isError) return <QueryError error={search.error} onRetry={() => void search.refetch()} />;
  const { items, pagination } = search.data;
  if (pagination.total === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('units.searchNone', { q })} />;
  }
  return (
    <section aria-label={t('units.searchResults')}>
      <List<OrgUnit>
        size="small"
        header={<Typography.Text type="secondary" role="status">{t('units.searchFound', { total: pagination.total })}</Typography.Text>}
        dataSource={items}
        loading={search.isFetching && search.isPlaceholderData}
        rowKey="id"
        pagination={pagination.total > PAGE_SIZE ? {
          current: page, pageSize: PAGE_SIZE, total: pagination.total, size: 'small', onChange: setPage, showSizeChanger: false,
        } : false}
        renderItem={(unit) => (
          <List.Item>
            <div style={{ minWidth: 0 }}>
              <Link to={unitPath(unit.id, asOf)}>{unit.name}</Link>{' '}
              <Tag bordered={false} style={{ marginInlineStart: 4 }}>{t(`kind.${unit.kind}`)}</Tag>
              <div><UnitPath unit={unit} /></div>
            </div>
          </List.Item>
        )}
      />
    </section>
  );
}

import { Card, Empty, Flex, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useIndicators, type IndicatorFilters } from '../../api/queries';
import { VALUE_TYPES, type Indicator, type ValueType } from '../../api/types';
import { QueryError } from '../../components/QueryError';
import { serverPagination } from '../../components/serverPagination';
import { useI18n } from '../../i18n';

/** The indicator catalogue: what each code means, how it is measured and added up. */
export function CatalogueView() {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState<IndicatorFilters>({ q: '', value_type: undefined, page: 1, limit: 20 });
  const indicators = useIndicators(filters);

  const columns: TableColumnsType<Indicator> = [
    { key: 'code', title: t('indicators.code'), width: 260, render: (_, i) => <Typography.Text code>{i.code}</Typography.Text> },
    {
      key: 'name',
      title: t('indicators.name'),
      render: (_, i) => (
        <>
          {locale === 'en' && i.name_en ? i.name_en : i.name}
          {i.description && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.description}</Typography.Text></div>}
        </>
      ),
    },
    { key: 'type', title: t('indicators.valueType'), width: 120, render: (_, i) => t(`valueType.${i.value_type}`) },
    { key: 'uom', title: t('indicators.unitOfMeasure'), width: 130, render: (_, i) => i.unit_of_measure ?? t('common.none') },
    { key: 'aggregation', title: t('indicators.aggregation'), width: 150, render: (_, i) => t(`aggregation.${i.aggregation}`) },
    {
      key: 'scope',
      title: t('indicators.scope'),
      width: 130,
      render: (_, i) => (i.owner_unit_id == null ? <Tag color="blue">{t('indicators.national')}</Tag> : <Tag>{t('indicators.ownedByUnit')}</Tag>),
    },
    {
      key: 'published',
      title: t('indicators.published'),
      width: 110,
      render: (_, i) => {
        if (i.published) return <Tag color="green">{t('common.yes')}</Tag>;
        return i.published_in.length ? <Tag color="gold">{t('indicators.publishedPartly')}</Tag> : <Tag>{t('common.no')}</Tag>;
      },
    },
  ];

  return (
    <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            aria-label={t('indicators.searchLabel')}
            placeholder={t('indicators.searchPlaceholder')}
            allowClear
            style={{ width: 320 }}
            onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim(), page: 1 }))}
          />
          <Select<ValueType>
            aria-label={t('indicators.typeFilter')}
            placeholder={t('indicators.typeFilter')}
            allowClear
            style={{ width: 200 }}
            value={filters.value_type}
            onChange={(value_type) => setFilters((f) => ({ ...f, value_type, page: 1 }))}
            options={VALUE_TYPES.map((type) => ({ value: type, label: t(`valueType.${type}`) }))}
          />
        </Flex>
        {indicators.isError
          ? <QueryError error={indicators.error} onRetry={() => void indicators.refetch()} />
          : (
            <Table<Indicator>
              rowKey="id"
              columns={columns}
              dataSource={indicators.data?.items ?? []}
              loading={indicators.isFetching}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('indicators.empty')} /> }}
              pagination={serverPagination(filters, indicators.data?.pagination.total, (p) => setFilters((f) => ({ ...f, ...p })), t, locale)}
            />
          )}
    </Card>
  );
}

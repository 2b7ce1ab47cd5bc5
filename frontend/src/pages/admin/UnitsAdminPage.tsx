import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Empty, Flex, Input, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useUnitList, type UnitFilters } from '../../api/queries';
import { ORG_UNIT_KINDS, type OrgUnit, type OrgUnitKind } from '../../api/types';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { serverPagination } from '../../components/serverPagination';
import { UnitSelect } from '../../components/UnitSelect';
import { useI18n } from '../../i18n';
import { formatDate } from '../../lib/format';
import { UnitCloseDrawer } from './UnitCloseDrawer';
import { UnitCreateDrawer } from './UnitCreateDrawer';

/** The hierarchy as a list an administrator works on: create a unit, close it, merge it into others. */
export function UnitsAdminPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<UnitFilters>({ q: '', kind: undefined, parent_id: undefined, as_of: undefined, page: 1, limit: 20 });
  const units = useUnitList(filters);
  const [creating, setCreating] = useState(false);
  const [closing, setClosing] = useState<OrgUnit | null>(null);

  const columns: TableColumnsType<OrgUnit> = [
    { key: 'code', title: t('units.code'), dataIndex: 'code', width: 110 },
    { key: 'name', title: t('units.name'), render: (_, u) => <Link to={`/units/${u.id}`}>{u.name}</Link> },
    { key: 'kind', title: t('units.kind'), width: 190, render: (_, u) => t(`kind.${u.kind}`) },
    { key: 'type', title: t('units.grassrootsType'), width: 200, render: (_, u) => (u.grassroots_type ? t(`grassroots.${u.grassroots_type}`) : t('common.none')) },
    {
      key: 'valid',
      title: t('unitAdmin.validity'),
      width: 210,
      render: (_, u) => (u.valid_to
        ? <Tag>{t('unitAdmin.closedOn', { date: formatDate(u.valid_to) })}</Tag>
        : <Tag color="green">{t('unitAdmin.openSince', { date: formatDate(u.valid_from) })}</Tag>),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 180,
      render: (_, u) => (u.valid_to ? null : (
        <Button size="small" type="link" danger onClick={() => setClosing(u)} aria-label={t('unitAdmin.closeFor', { name: u.name })}>
          {t('unitAdmin.close')}
        </Button>
      )),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('unitAdmin.title')}
        extra={<Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>{t('unitAdmin.add')}</Button>}
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            aria-label={t('units.searchLabel')}
            placeholder={t('units.searchPlaceholder')}
            allowClear
            style={{ width: 280 }}
            onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim(), page: 1 }))}
          />
          <Select<OrgUnitKind>
            aria-label={t('unitAdmin.kindFilter')}
            placeholder={t('unitAdmin.kindFilter')}
            allowClear
            style={{ width: 210 }}
            value={filters.kind}
            onChange={(kind) => setFilters((f) => ({ ...f, kind, page: 1 }))}
            options={ORG_UNIT_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
          />
          <UnitSelect
            aria-label={t('unitAdmin.parentFilter')}
            placeholder={t('unitAdmin.parentFilter')}
            style={{ width: 240 }}
            value={filters.parent_id ?? null}
            onChange={(id) => setFilters((f) => ({ ...f, parent_id: id ?? undefined, page: 1 }))}
          />
          <Space>
            <DatePicker
              aria-label={t('unitAdmin.asOf')}
              placeholder={t('unitAdmin.asOf')}
              format="DD/MM/YYYY"
              onChange={(day) => setFilters((f) => ({ ...f, as_of: day ? day.format('YYYY-MM-DD') : undefined, page: 1 }))}
            />
          </Space>
        </Flex>
        {units.isError
          ? <QueryError error={units.error} onRetry={() => void units.refetch()} />
          : (
            <Table<OrgUnit>
              size="middle"
              rowKey="id"
              columns={columns}
              dataSource={units.data?.items ?? []}
              loading={units.isFetching}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('unitAdmin.empty')} /> }}
              pagination={serverPagination(filters, units.data?.pagination.total, (p) => setFilters((f) => ({ ...f, ...p })), t, locale)}
            />
          )}
      </Card>
      <UnitCreateDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(unit) => {
          setCreating(false);
          void message.success(t('unitAdmin.created', { name: unit.name }));
        }}
      />
      <UnitCloseDrawer
        unit={closing}
        onClose={() => setClosing(null)}
        onSaved={(unit, merged) => {
          setClosing(null);
          void message.success(t(merged ? 'unitAdmin.merged' : 'unitAdmin.closed', { name: unit.name }));
        }}
      />
    </>
  );
}

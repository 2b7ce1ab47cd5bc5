import { Breadcrumb, Card, Empty, Flex, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMe, useOrgUnit } from '../../api/queries';
import { useDocumentRegister } from '../../api/reportQueries';
import type { RegisterEntry } from '../../api/types';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { formatDate, formatNumber } from '../../lib/format';
import { permissionsOf } from '../../lib/permissions';
import { NotFoundPage } from '../NotFoundPage';

const PAGE_SIZE = 20;
const YEARS_SHOWN = 8;

export function DocumentRegisterPage() {
  const { id } = useParams();
  if (!id || !/^\d+$/.test(id)) return <NotFoundPage />;
  return <RegisterOf key={id} unitId={Number(id)} />;
}

function RegisterOf({ unitId }: { unitId: number }) {
  const { t } = useI18n();
  const unit = useOrgUnit(unitId);
  const me = useMe();
  const can = permissionsOf(me.data);
  const [page, setPage] = useState(1);
  const [year, setYear] = useState<number | null>(null);
  const register = useDocumentRegister(unitId, year, page, PAGE_SIZE);
  const thisYear = new Date().getFullYear();

  if (unit.isError) return <Card><QueryError error={unit.error} onRetry={() => void unit.refetch()} notFoundText={t('units.notFound')} /></Card>;
  const name = unit.data?.name ?? '';
  return (
    <Card>
      <nav aria-label={t('units.breadcrumb')}>
        <Breadcrumb
          style={{ marginBottom: 8 }}
          items={[{ key: 'unit', title: <Link to={`/units/${unitId}`}>{name}</Link> }, { key: 'register', title: t('document.registerLink') }]}
        />
      </nav>
      <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>{t('register.title', { unit: name })}</Typography.Title>
      <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('register.help')}</Typography.Text>
        <Select<number | null>
          aria-label={t('register.year')}
          style={{ width: 160 }}
          value={year}
          onChange={(value) => { setYear(value); setPage(1); }}
          options={[
            { value: null, label: t('register.allYears') },
            ...Array.from({ length: YEARS_SHOWN }, (_, i) => ({ value: thisYear - i, label: String(thisYear - i) })),
          ]}
        />
      </Flex>
      {register.isError
        ? <QueryError error={register.error} onRetry={() => void register.refetch()} />
        : (
          <RegisterTable
            entries={register.data?.items ?? []}
            total={register.data?.pagination.total ?? 0}
            page={page}
            loading={register.isFetching}
            onPage={setPage}
            opener={can.canReview ? '/review' : can.canReport ? '/reports' : null}
          />
        )}
    </Card>
  );
}

/** The register's rows: number and symbol, date, summary, the report, and the document's state. */
export function RegisterTable({ entries, total, page, loading, onPage, opener }: {
  entries: RegisterEntry[]; total: number; page: number; loading: boolean; onPage: (page: number) => void; opener: string | null;
}) {
  const { t, locale } = useI18n();
  const columns: TableColumnsType<RegisterEntry> = [
    { key: 'number', title: t('register.number'), width: 120, render: (_, row) => <strong>{`${String(row.number).padStart(2, '0')}/${row.symbol}`}</strong> },
    { key: 'date', title: t('register.date'), width: 110, render: (_, row) => formatDate(row.issued_on) },
    { key: 'summary', title: t('register.summary'), dataIndex: 'summary' },
    {
      key: 'report',
      title: t('register.report'),
      width: 110,
      render: (_, row) => (opener ? <Link to={`${opener}/${row.submission_id}`}>{t('register.open')}</Link> : row.period),
    },
    {
      key: 'status',
      title: t('register.status'),
      width: 170,
      render: (_, row) => (
        <Flex wrap gap={4}>
          {row.status === 'approved'
            ? <Tag color="blue">{t('register.issued')}</Tag>
            : <Tag color="default">{t('register.withdrawn')}</Tag>}
          {row.signed ? <Tag color="success">{t('register.signed')}</Tag> : <Tag>{t('register.unsigned')}</Tag>}
          {row.published && <Tag color="purple">{t('register.published')}</Tag>}
        </Flex>
      ),
    },
  ];
  return (
    <Table<RegisterEntry>
      size="small"
      rowKey={(row) => `${row.year}-${row.number}`}
      columns={columns}
      dataSource={entries}
      loading={loading}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('register.empty')} /> }}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total,
        onChange: onPage,
        showSizeChanger: false,
        hideOnSinglePage: true,
        showTotal: (count) => t('common.total', { total: formatNumber(count, locale) }),
      }}
    />
  );
}

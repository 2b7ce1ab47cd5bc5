import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useAncestors } from '../../api/queries';
import { useReportingFormList, type ReportingFormFilters } from '../../api/reportQueries';
import type { ReportingForm } from '../../api/types';
import { useCurrentUser } from '../../app/CurrentUser';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { serverPagination } from '../../components/serverPagination';
import { useI18n } from '../../i18n';
import { formatNumber, type PeriodType } from '../../lib/format';
import { deadlineSummary, mayChangeForm, PERIOD_TYPES } from '../../lib/reportingForms';
import { ReportingFormDrawer } from './ReportingFormDrawer';

type Status = 'active' | 'inactive';

/** The drawer's state: a form to read or change, null for a new one; closed when undefined. */
interface Opened {
  form: ReportingForm | null;
  readOnly: boolean;
}

/**
 * The catalogue of reporting forms (mẫu báo cáo): everyone reads it; admins and planners add forms
 * and change those their unit owns (the server decides; the buttons follow what it would allow).
 */
export function ReportingFormsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { me, can } = useCurrentUser();
  const [filters, setFilters] = useState<ReportingFormFilters>({ q: '', period_type: undefined, is_active: undefined, page: 1, limit: 20 });
  const forms = useReportingFormList(filters);
  const [opened, setOpened] = useState<Opened | undefined>(undefined);
  // A form owned by a unit above the caller's is read there, changed only by that unit.
  const ancestors = useAncestors(can.canManageForms ? me.unit?.id ?? null : null);
  const aboveCaller = useMemo(
    () => (ancestors.data ?? []).map((unit) => unit.id).filter((id) => id !== me.unit?.id),
    [ancestors.data, me.unit],
  );
  const mayChange = (form: ReportingForm) => mayChangeForm(form.owner_unit_id, me, aboveCaller);

  const columns: TableColumnsType<ReportingForm> = [
    {
      key: 'form',
      title: t('forms.form'),
      render: (_, f) => (
        <>
          <div>{locale === 'en' && f.name_en ? f.name_en : f.name}</div>
          <Typography.Text code style={{ fontSize: 12 }}>{f.code}</Typography.Text>
        </>
      ),
    },
    { key: 'period', title: t('forms.periodType'), width: 100, render: (_, f) => t(`periodType.${f.period_type}`) },
    {
      key: 'indicators',
      title: t('forms.indicatorCount'),
      width: 90,
      align: 'right',
      render: (_, f) => formatNumber(f.indicators.length, locale),
    },
    {
      key: 'deadline',
      title: t('forms.deadline'),
      width: 200,
      render: (_, f) => deadlineSummary(f.deadline_working_days, t) ?? <Typography.Text type="secondary">{t('forms.noDeadline')}</Typography.Text>,
    },
    { key: 'remind', title: t('forms.remind'), width: 110, render: (_, f) => t('forms.days', { days: f.remind_days_before }) },
    {
      key: 'status',
      title: t('forms.status'),
      width: 130,
      render: (_, f) => (
        <Flex gap={4} wrap>
          {f.is_active ? <Tag color="green">{t('forms.active')}</Tag> : <Tag>{t('forms.inactive')}</Tag>}
          {f.owner_unit_id === null ? <Tag color="blue">{t('indicators.national')}</Tag> : <Tag>{t('indicators.ownedByUnit')}</Tag>}
        </Flex>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 80,
      render: (_, f) => {
        const editable = mayChange(f);
        const label = editable ? t('common.edit') : t('forms.view');
        return (
          <Button size="small" type="link" onClick={() => setOpened({ form: f, readOnly: !editable })} aria-label={`${label} ${f.code}`}>
            {label}
          </Button>
        );
      },
    },
  ];

  const status: Status | undefined = filters.is_active === undefined ? undefined : filters.is_active ? 'active' : 'inactive';
  return (
    <>
      <PageTitle
        title={t('forms.title')}
        extra={can.canManageForms && (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpened({ form: null, readOnly: false })}>
            {t('forms.add')}
          </Button>
        )}
      />
      <Typography.Paragraph type="secondary">{t('forms.intro')}</Typography.Paragraph>
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            aria-label={t('forms.searchLabel')}
            placeholder={t('forms.searchPlaceholder')}
            allowClear
            style={{ width: 320 }}
            onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim(), page: 1 }))}
          />
          <Select<PeriodType>
            aria-label={t('forms.periodFilter')}
            placeholder={t('forms.periodFilter')}
            allowClear
            style={{ width: 200 }}
            value={filters.period_type}
            onChange={(period_type) => setFilters((f) => ({ ...f, period_type, page: 1 }))}
            options={PERIOD_TYPES.map((type) => ({ value: type, label: t(`periodType.${type}`) }))}
          />
          <Select<Status>
            aria-label={t('forms.statusFilter')}
            placeholder={t('forms.statusFilter')}
            allowClear
            style={{ width: 180 }}
            value={status}
            onChange={(next) => setFilters((f) => ({ ...f, is_active: next === undefined ? undefined : next === 'active', page: 1 }))}
            options={[{ value: 'active', label: t('forms.active') }, { value: 'inactive', label: t('forms.inactive') }]}
          />
        </Flex>
        {forms.isError
          ? <QueryError error={forms.error} onRetry={() => void forms.refetch()} />
          : (
            <Table<ReportingForm>
              size="middle"
              rowKey="id"
              columns={columns}
              dataSource={forms.data?.items ?? []}
              loading={forms.isFetching}
              scroll={{ x: 1000 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('forms.empty')} /> }}
              pagination={serverPagination(filters, forms.data?.pagination.total, (p) => setFilters((f) => ({ ...f, ...p })), t, locale)}
            />
          )}
      </Card>
      <ReportingFormDrawer
        form={opened?.form}
        readOnly={opened?.readOnly ?? false}
        onClose={() => setOpened(undefined)}
        onSaved={(saved, created) => {
          setOpened(undefined);
          void message.success(t(created ? 'forms.created' : 'forms.saved', { name: saved.name }));
        }}
      />
    </>
  );
}

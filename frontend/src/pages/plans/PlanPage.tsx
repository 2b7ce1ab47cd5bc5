import { Alert, App, Breadcrumb, Button, Card, Col, Descriptions, Empty, Flex, List, Popconfirm, Progress, Row, Skeleton, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { usePlan, usePlanAmendments, usePlanSections, usePlanTransition } from '../../api/planQueries';
import type { Amendment, PlanDetail, Target } from '../../api/types';
import { useCurrentUser } from '../../app/CurrentUser';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { problemText } from '../../components/problemText';
import { PlanStatusTag } from '../../components/StatusTag';
import { hasMessage, useI18n, type MessageKey } from '../../i18n';
import { formatDate, formatDateTime, formatNumber, formatPercent } from '../../lib/format';
import { NotFoundPage } from '../NotFoundPage';
import { AssigneesTable } from './AssigneesTable';
import { CascadeTree } from './CascadeTree';
import { PlanDrawer } from './PlanDrawer';
import { SectionTree } from './SectionTree';

export function PlanPage() {
  const { id } = useParams();
  if (!id || !/^\d+$/.test(id)) return <NotFoundPage />;
  return <PlanOf key={id} id={Number(id)} />;
}

const TABS = ['sections', 'targets', 'assignees', 'cascade', 'amendments'] as const;
type Tab = (typeof TABS)[number];

function PlanOf({ id }: { id: number }) {
  const { t } = useI18n();
  const plan = usePlan(id);
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab: Tab = TABS.find((name) => name === requested) ?? 'sections';
  const crumbs = <Breadcrumb style={{ marginBottom: 8 }} items={[{ key: 'list', title: <Link to="/plans">{t('plans.title')}</Link> }, { key: 'this', title: plan.data?.symbol ?? '…' }]} />;

  if (plan.isPending) return <Card><Skeleton active /></Card>;
  if (plan.isError) {
    return <>{crumbs}<Card><QueryError error={plan.error} onRetry={() => void plan.refetch()} notFoundText={t('plan.notFound')} /></Card></>;
  }
  return (
    <>
      {crumbs}
      <PlanHeader plan={plan.data} />
      <Card style={{ marginTop: 16 }}>
        <Tabs
          activeKey={tab}
          onChange={(next) => setParams({ tab: next }, { replace: true })}
          items={[
            { key: 'sections', label: t('plan.sections'), children: <Sections plan={plan.data} /> },
            { key: 'targets', label: t('plan.targets', { count: plan.data.targets.length }), children: <TargetsTable targets={plan.data.targets} /> },
            { key: 'assignees', label: t('plan.assignees'), children: <Assignees planId={id} /> },
            { key: 'cascade', label: t('plan.cascade'), children: <CascadeTree planId={id} /> },
            { key: 'amendments', label: t('plan.amendments'), children: <Amendments plan={plan.data} /> },
          ]}
        />
      </Card>
    </>
  );
}

function PlanHeader({ plan }: { plan: PlanDetail }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { can } = useCurrentUser();
  const transition = usePlanTransition(plan.id);
  const [drawer, setDrawer] = useState<'edit' | 'amend' | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const run = async (action: 'issue' | 'close') => {
    setActionError(null);
    try {
      await transition.mutateAsync(action);
      void message.success(t(action === 'issue' ? 'plan.issued' : 'plan.closed'));
    } catch (error) {
      setActionError(problemText(error, t));
    }
  };

  const actions = can.canPlan && (
    <Space wrap>
      {plan.status === 'draft' && <Button onClick={() => setDrawer('edit')}>{t('plan.edit')}</Button>}
      {plan.status === 'draft' && (
        <Popconfirm title={t('plan.issueConfirm')} okText={t('plan.issue')} cancelText={t('common.cancel')} onConfirm={() => void run('issue')}>
          <Button type="primary" loading={transition.isPending}>{t('plan.issue')}</Button>
        </Popconfirm>
      )}
      {plan.status === 'issued' && <Button type="primary" onClick={() => setDrawer('amend')}>{t('plan.amend')}</Button>}
      {plan.status === 'issued' && (
        <Popconfirm title={t('plan.closeConfirm')} okText={t('plan.close')} cancelText={t('common.cancel')} onConfirm={() => void run('close')}>
          <Button loading={transition.isPending}>{t('plan.close')}</Button>
        </Popconfirm>
      )}
    </Space>
  );

  return (
    <>
      <PageTitle title={plan.number ? `${t('plan.kh')} ${plan.symbol}` : t('plan.draftTitle')} extra={actions} />
      {actionError && <Alert type="error" showIcon role="alert" message={actionError} closable onClose={() => setActionError(null)} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card>
            <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>{plan.title}</Typography.Title>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
              items={[
                { key: 'status', label: t('plans.status'), children: <Space size={4}><PlanStatusTag status={plan.status} />{plan.revision > 1 && <Tag bordered={false}>{t('plans.revision', { n: plan.revision })}</Tag>}</Space> },
                { key: 'issuer', label: t('plans.issuer'), children: plan.issuer.name },
                { key: 'date', label: t('plans.issueDate'), children: plan.issue_date ? `${plan.place ? `${plan.place}, ` : ''}${formatDate(plan.issue_date)}` : t('plan.noDate') },
                { key: 'span', label: t('plans.span'), children: `${formatDate(plan.span_start)} – ${formatDate(plan.span_end)}` },
                { key: 'signer', label: t('plan.signer'), children: [plan.signer_title, plan.signer_name].filter(Boolean).join(' ') || t('common.none') },
                {
                  key: 'parent',
                  label: t('plan.parent'),
                  children: plan.parent_plan_id === null ? t('common.none') : <Link to={`/plans/${plan.parent_plan_id}`}>{t('plan.openParent')}</Link>,
                },
              ]}
            />
            {plan.legal_bases.length > 0 && (
              <>
                <Typography.Title level={3} style={{ fontSize: 15, marginTop: 12 }}>{t('plan.legalBases')}</Typography.Title>
                <List
                  size="small"
                  dataSource={plan.legal_bases}
                  renderItem={(basis) => (
                    <List.Item>
                      {basis.linked_plan_id ? <Link to={`/plans/${basis.linked_plan_id}`}>{basis.sentence}</Link> : basis.sentence}
                    </List.Item>
                  )}
                />
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('plan.completion')}>
            <Flex vertical gap={12}>
              <div>
                <Typography.Text>{t('plan.assignedCompletion')}</Typography.Text>
                <Progress percent={Math.round(plan.completion ?? 0)} format={(v) => formatPercent(v ?? 0, locale, 0)} aria-label={t('plan.assignedCompletion')} />
              </div>
              <div>
                <Typography.Text>{t('plan.requestedCompletion')}</Typography.Text>
                <Progress percent={Math.round(plan.requested_completion ?? 0)} strokeColor="#722ed1" format={(v) => formatPercent(v ?? 0, locale, 0)} aria-label={t('plan.requestedCompletion')} />
              </div>
              <Link to={`/plans/${plan.id}?tab=assignees`}>
                <Statistic title={t('plan.overdueTasks')} value={plan.overdue} formatter={(v) => formatNumber(Number(v), locale)} valueStyle={{ color: plan.overdue > 0 ? '#cf1322' : undefined }} />
              </Link>
            </Flex>
          </Card>
        </Col>
      </Row>
      <PlanDrawer
        plan={plan}
        mode={drawer}
        onClose={() => setDrawer(null)}
        onSaved={(mode) => {
          setDrawer(null);
          void message.success(t(mode === 'amend' ? 'plan.amended' : 'plan.saved'));
        }}
      />
    </>
  );
}

function Sections({ plan }: { plan: PlanDetail }) {
  const sections = usePlanSections(plan.id);
  const { can } = useCurrentUser();
  const editing = can.canPlan && plan.status !== 'closed' ? { planId: plan.id, issued: plan.status === 'issued' } : undefined;
  return <SectionTree sections={sections.data} error={sections.error} onRetry={() => void sections.refetch()} planId={plan.id} editing={editing} />;
}

function Assignees({ planId }: { planId: number }) {
  return <AssigneesTable planId={planId} />;
}

export function TargetsTable({ targets }: { targets: readonly Target[] }) {
  const { t, locale } = useI18n();
  const recurrence = (value: string) => {
    const key = `recurrence.${value}`;
    return hasMessage(key) ? t(key) : value;
  };
  return (
    <Table<Target>
      size="small"
      rowKey={(row, index) => `${row.section_number}-${index ?? 0}`}
      dataSource={[...targets]}
      pagination={false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plan.noTargets')} /> }}
      columns={[
        { key: 'section', title: t('plan.section'), width: 90, dataIndex: 'section_number' },
        { key: 'subject', title: t('plan.subject'), dataIndex: 'subject' },
        {
          key: 'goal',
          title: t('plan.goal'),
          width: 120,
          render: (_, row) => `${row.comparator.replace('>=', '≥').replace('<=', '≤')} ${formatNumber(row.value, locale)}${row.unit === '%' ? '%' : ` ${row.unit}`}`,
        },
        { key: 'recurrence', title: t('plan.recurrence'), width: 130, render: (_, row) => recurrence(row.recurrence) },
        {
          key: 'indicator',
          title: t('plan.indicator'),
          width: 250,
          render: (_, row) => (row.indicator_code
            ? <Link to={`/indicators?i=${row.indicator_code}`}><Typography.Text code>{row.indicator_code}</Typography.Text></Link>
            : <Typography.Text type="secondary">{t('plan.noIndicator')}</Typography.Text>),
        },
      ]}
    />
  );
}

const AMENDABLE: Record<string, MessageKey> = {
  number: 'plan.number', issue_date: 'plans.issueDate', title: 'plans.planTitle', place: 'plan.place',
  span_start: 'plan.spanStart', span_end: 'plan.spanEnd', parent_plan_id: 'plan.parent',
};

function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const text = String(value);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? formatDate(text) : text;
}

/** The sections an amendment of the section tree touched (its snapshot keeps them by number). */
function sectionsOf(amendment: Amendment): string[] {
  const sections = amendment.before.sections;
  return sections && typeof sections === 'object' ? Object.keys(sections) : [];
}

/** Each amendment with what it changed: its snapshot of before against the next one's (or today's plan). */
function Amendments({ plan }: { plan: PlanDetail }) {
  const { t } = useI18n();
  const amendments = usePlanAmendments(plan.id);
  if (amendments.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (amendments.isError) return <QueryError error={amendments.error} onRetry={() => void amendments.refetch()} />;
  const list = [...amendments.data].sort((a, b) => a.revision - b.revision);
  const now: Record<string, unknown> = { ...plan };
  // A header amendment keeps the whole header as it was; one of the section tree keeps only `sections`.
  const later = (index: number, key: string) => list.slice(index + 1).find((a) => key in a.before)?.before[key] ?? now[key];
  const changes = (index: number) => {
    const before = list[index]?.before ?? {};
    return Object.keys(AMENDABLE)
      .filter((key) => key in before && shown(before[key]) !== shown(later(index, key)))
      .map((key) => ({ key, label: t(AMENDABLE[key] ?? 'plan.number'), from: shown(before[key]), to: shown(later(index, key)) }));
  };
  return (
    <Table<Amendment>
      size="small"
      rowKey="revision"
      dataSource={list}
      pagination={false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plan.noAmendments')} /> }}
      columns={[
        { key: 'revision', title: t('plan.revisionCol'), width: 110, render: (_, a) => t('plans.revision', { n: a.revision + 1 }) },
        { key: 'at', title: t('audit.occurredAt'), width: 170, render: (_, a) => formatDateTime(a.amended_at) },
        { key: 'reason', title: t('plan.reason'), dataIndex: 'reason' },
        {
          key: 'changes',
          title: t('plan.changes'),
          render: (_, a) => (
            <>
              {changes(list.indexOf(a)).map((c) => (
                <div key={c.key}><strong>{c.label}:</strong> {c.from} → {c.to}</div>
              ))}
              {sectionsOf(a).length > 0 && <div>{t('plan.sectionsChanged', { numbers: sectionsOf(a).join(', ') })}</div>}
            </>
          ),
        },
      ]}
    />
  );
}

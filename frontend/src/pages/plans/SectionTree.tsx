import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Row, Skeleton, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import { usePlanTasks } from '../../api/planQueries';
import type { Section } from '../../api/types';
import { QueryError } from '../../components/QueryError';
import { hasMessage, useI18n } from '../../i18n';
import { formatNumber, formatPercent } from '../../lib/format';
import { sectionTree, type SectionNode } from '../../lib/plans';
import { SectionActions, SectionForm, type SectionIntent } from './SectionEditor';

const KIND_COLOR: Record<Section['kind'], string> = { heading: 'default', objective: 'geekblue', target: 'purple', task: 'volcano', note: 'default' };

interface Props {
  sections: readonly Section[] | undefined;
  error?: unknown;
  onRetry?: () => void;
  /** The saved plan whose tasks say who carries the chosen section. */
  planId?: number;
  /** For a planner of a plan still in force: the tree can be edited (amended once issued). */
  editing?: { planId: number; issued: boolean };
}

/** The plan's parts as the document numbers them (I, 1, a), -), the chosen one read in full. */
export function SectionTree({ sections, error, onRetry, planId, editing }: Props) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [selected, setSelected] = useState<string | null>(null);
  const [intent, setIntent] = useState<SectionIntent | null>(null);
  // Every part starts open, and so does one added later; only what the user folds stays folded.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const done = (text: string, focus: string | null) => {
    setIntent(null);
    setSelected(focus);
    void message.success(text);
  };

  const treeData = useMemo(() => {
    const toNode = (node: SectionNode): DataNode => ({
      key: node.section.number,
      title: (
        <span>
          <strong>{node.section.label}</strong> {node.section.title}
          {node.section.kind !== 'heading' && <Tag bordered={false} color={KIND_COLOR[node.section.kind]} style={{ marginInlineStart: 6 }}>{t(`sectionKind.${node.section.kind}`)}</Tag>}
          {node.section.progress !== null && node.section.progress !== undefined && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}> {formatPercent(node.section.progress, locale, 0)}</Typography.Text>
          )}
        </span>
      ),
      children: node.children.map(toNode),
    });
    return sectionTree(sections ?? []).map(toNode);
  }, [sections, t, locale]);

  if (error) return <QueryError error={error} onRetry={onRetry} />;
  if (!sections) return <Skeleton active paragraph={{ rows: 8 }} />;
  const form = editing && (
    <SectionForm planId={editing.planId} issued={editing.issued} sections={sections} intent={intent} onClose={() => setIntent(null)} onDone={done} />
  );
  const addPart = editing && (
    <Button icon={<PlusOutlined aria-hidden />} onClick={() => setIntent({ kind: 'add', parent: null, after: null })}>{t('sections.addTop')}</Button>
  );
  if (sections.length === 0) {
    return (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plan.noSections')}>
        {addPart}
        {form}
      </Empty>
    );
  }

  const section = sections.find((s) => s.number === selected);
  const recurrence = (value: string | null | undefined) => {
    if (!value) return t('common.none');
    const key = `recurrence.${value}`;
    return hasMessage(key) ? t(key) : value;
  };

  return (
    <Row gutter={16}>
      <Col xs={24} lg={planId ? 14 : 24}>
        {addPart && <Flex justify="end" style={{ marginBottom: 8 }}>{addPart}</Flex>}
        {/* A long plan scrolls here: the region takes the keyboard's focus, so it scrolls from the keyboard too. */}
        <div role="region" aria-label={t('plan.sections')} tabIndex={0} style={{ maxHeight: 560, overflow: 'auto' }}>
        <Tree
          aria-label={t('plan.sections')}
          treeData={treeData}
          expandedKeys={sections.map((s) => s.number).filter((number) => !collapsed.has(number))}
          onExpand={(keys) => {
            const open = new Set(keys.map(String));
            setCollapsed(new Set(sections.map((s) => s.number).filter((number) => !open.has(number))));
          }}
          blockNode
          selectedKeys={selected ? [selected] : []}
          onSelect={(keys) => setSelected(keys[0] === undefined ? null : String(keys[0]))}
        />
        </div>
      </Col>
      {planId !== undefined && (
        <Col xs={24} lg={10}>
          <Card size="small" title={section ? `${section.number} ${section.title}` : t('plan.pickSection')}>
            {section ? (
              <>
                {editing && (
                  <div style={{ marginBottom: 12 }}>
                    <SectionActions planId={editing.planId} issued={editing.issued} sections={sections} section={section} onIntent={setIntent} onDone={done} />
                  </div>
                )}
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{section.text}</Typography.Paragraph>
                <Descriptions size="small" column={1} items={[
                  { key: 'kind', label: t('plan.kind'), children: t(`sectionKind.${section.kind}`) },
                  { key: 'recurrence', label: t('plan.recurrence'), children: recurrence(section.recurrence) },
                  {
                    key: 'carriers',
                    label: t('plan.carriers'),
                    children: section.id ? <CarrierCount planId={planId} sectionId={section.id} /> : t('common.none'),
                  },
                ]} />
              </>
            ) : <Typography.Text type="secondary">{t('plan.pickSectionHelp')}</Typography.Text>}
          </Card>
        </Col>
      )}
      {form}
    </Row>
  );
}

/** How many units carry a section's tasks: the total of its first page of one. */
function CarrierCount({ planId, sectionId }: { planId: number; sectionId: number }) {
  const { t, locale } = useI18n();
  const tasks = usePlanTasks(planId, { page: 1, limit: 1, section_id: sectionId });
  const count = tasks.data?.pagination.total;
  if (count === undefined) return <Skeleton.Input active size="small" />;
  return count === 0 ? t('common.none') : t('plan.carrierCount', { count: formatNumber(count, locale) });
}

import { Empty, Skeleton, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { Link } from 'react-router';
import { usePlanCascade } from '../../api/planQueries';
import type { CascadeNode } from '../../api/types';
import { QueryError } from '../../components/QueryError';
import { PlanStatusTag } from '../../components/StatusTag';
import { useT } from '../../i18n';
import { formatDate } from '../../lib/format';

/** The plan among the plans that implement it, level by level (province → district → commune). */
export function CascadeTree({ planId }: { planId: number }) {
  const t = useT();
  const cascade = usePlanCascade(planId);
  if (cascade.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (cascade.isError) return <QueryError error={cascade.error} onRetry={() => void cascade.refetch()} />;

  const toNode = (node: CascadeNode): DataNode => ({
    key: node.plan.id,
    title: (
      <span aria-current={node.plan.id === planId ? 'page' : undefined}>
        {node.plan.id === planId ? <strong>{node.plan.symbol}</strong> : <Link to={`/plans/${node.plan.id}`}>{node.plan.symbol}</Link>}
        {' · '}{node.plan.issuer.name} · {formatDate(node.plan.issue_date)} <PlanStatusTag status={node.plan.status} />
        <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>{node.plan.title}</div>
      </span>
    ),
    children: node.children.map(toNode),
  });

  const root = toNode(cascade.data);
  return (
    <>
      <Tree aria-label={t('plan.cascade')} treeData={[root]} defaultExpandAll selectable={false} blockNode />
      {cascade.data.children.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plan.noChildren')} />}
    </>
  );
}

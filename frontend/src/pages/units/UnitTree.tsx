import { App, Empty, Skeleton, Tree } from 'antd';
import type { DataNode, EventDataNode } from 'antd/es/tree';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, type Key } from 'react';
import { useNavigate } from 'react-router';
import { fetchAllChildren, keys, useRootUnits } from '../../api/queries';
import type { OrgUnit } from '../../api/types';
import { QueryError } from '../../components/QueryError';
import { problemText } from '../../components/problemText';
import { useT } from '../../i18n';
import { unitPath } from './asOf';

interface Props {
  selectedId: number | null;
  /** Units to open so the selected one is in view (its ancestors, root first). */
  reveal: number[];
  /** The day whose tree is shown (YYYY-MM-DD); undefined: today's. */
  asOf?: string | undefined;
}

interface UnitNode extends DataNode {
  key: number;
  children?: UnitNode[];
}

/** The hierarchy, one level fetched at a time as the user opens it. */
export function UnitTree({ selectedId, reveal, asOf }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const roots = useRootUnits(asOf);
  const [children, setChildren] = useState<ReadonlyMap<number, OrgUnit[]>>(new Map());
  const [expanded, setExpanded] = useState<Key[]>([]);

  // A deep link opens the tree down to its unit; rc-tree then loads each opened level by itself.
  useEffect(() => {
    if (reveal.length === 0) return;
    setExpanded((current) => [...new Set([...current, ...reveal])]);
  }, [reveal]);

  const loadData = useCallback(async (node: EventDataNode<UnitNode>) => {
    const id = node.key;
    try {
      const units = await queryClient.fetchQuery({
        queryKey: keys.allChildren(id, asOf),
        queryFn: () => fetchAllChildren(id, asOf),
        staleTime: 5 * 60_000,
      });
      setChildren((current) => new Map(current).set(id, units));
    } catch (error) {
      void message.error(problemText(error, t));
      throw error;
    }
  }, [queryClient, message, t, asOf]);

  const treeData = useMemo(() => {
    const toNode = (unit: OrgUnit): UnitNode => {
      const loaded = children.get(unit.id);
      return {
        key: unit.id,
        // rc-tree's aria-selected says whether a node can be selected, not whether it is: the open
        // unit is announced with aria-current instead.
        title: (
          <span title={`${unit.code} · ${t(`kind.${unit.kind}`)}`} aria-current={unit.id === selectedId ? 'page' : undefined}>
            {unit.name}
          </span>
        ),
        isLeaf: unit.child_count === 0,
        ...(loaded ? { children: loaded.map(toNode) } : {}),
      };
    };
    return roots.data?.map(toNode) ?? [];
  }, [roots.data, children, selectedId, t]);

  if (roots.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (roots.isError) return <QueryError error={roots.error} onRetry={() => void roots.refetch()} />;
  if (treeData.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('units.treeEmpty')} />;
  }
  return (
    <Tree<UnitNode>
      aria-label={t('units.tree')}
      treeData={treeData}
      loadData={loadData}
      loadedKeys={[...children.keys()]}
      expandedKeys={expanded}
      onExpand={setExpanded}
      selectedKeys={selectedId === null ? [] : [selectedId]}
      onSelect={(_keys, { node }) => void navigate(unitPath(node.key, asOf))}
      blockNode
    />
  );
}

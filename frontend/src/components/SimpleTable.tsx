import type { ReactNode } from 'react';

export interface SimpleColumn<T> {
  key: string;
  title: ReactNode;
  render: (row: T) => ReactNode;
  align?: 'left' | 'right';
  width?: number;
}

interface Props<T> {
  columns: SimpleColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  empty: ReactNode;
  caption?: string;
}

/**
 * A plain, semantic table for the short summaries of the dashboard's first screen, where AntD's
 * Table (sorting, paging, virtual scroll) would weigh more than the figures it shows.
 */
export function SimpleTable<T>({ columns, rows, rowKey, empty, caption }: Props<T>) {
  if (rows.length === 0) return <>{empty}</>;
  return (
    <table className="simple-table">
      {caption && <caption className="visually-hidden">{caption}</caption>}
      <thead>
        <tr>{columns.map((c) => <th key={c.key} scope="col" style={{ textAlign: c.align ?? 'left', width: c.width }}>{c.title}</th>)}</tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((c) => <td key={c.key} style={{ textAlign: c.align ?? 'left' }}>{c.render(row)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

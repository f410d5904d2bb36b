import { Card, Checkbox, Empty, Grid, Space, Spin, Typography, type TableColumnsType, type TableProps } from 'antd';
import { isValidElement, type Key, type ReactNode } from 'react';

/** True on a phone-sized screen (below antd's md breakpoint, 768 px): tables turn into cards there. */
export function usePhone(): boolean {
  return Grid.useBreakpoint().md === false;
}

interface Props<T> {
  rows: readonly T[];
  columns: TableColumnsType<T>;
  rowKey: keyof T & string;
  loading?: boolean;
  rowSelection?: TableProps<T>['rowSelection'];
  testId?: string;
}

type Column<T> = TableColumnsType<T>[number] & { dataIndex?: string | readonly string[]; render?: (value: unknown, row: T, index: number) => unknown };

/**
 * A table's rows as cards, for a phone: a 375 px screen cannot hold eight columns, and a squeezed
 * table wraps every name letter by letter. The first column is the card's title; the others are
 * label–value lines (empty values left out); a selectable table gets a checkbox on each card.
 * The same column definitions as the desk's table, so both show the same things.
 */
export function RowCards<T extends object>({ rows, columns, rowKey, loading, rowSelection, testId }: Props<T>) {
  const cols = columns as ReadonlyArray<Column<T>>;
  const [head, ...rest] = cols;
  const selected = new Set<Key>(rowSelection?.selectedRowKeys ?? []);
  const toggle = (row: T, on: boolean) => {
    const key = row[rowKey] as Key;
    const keys = on ? [...selected, key] : [...selected].filter((k) => k !== key);
    const chosen = rows.filter((r) => keys.includes(r[rowKey] as Key));
    rowSelection?.onChange?.(keys, chosen, { type: 'multiple' });
  };
  if (!rows.length) return loading ? <Spin /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={testId}>
      {rows.map((row, i) => {
        const key = row[rowKey] as Key;
        const checkbox = rowSelection?.getCheckboxProps?.(row) ?? {};
        return (
          <Card
            key={String(key)}
            size="small"
            className="row-card"
            data-row-key={String(key)}
            title={
              <Space>
                {rowSelection && (
                  <Checkbox checked={selected.has(key)} disabled={checkbox.disabled} onChange={(e) => toggle(row, e.target.checked)} aria-label={String(key)} />
                )}
                {head ? cell(head, row, i) : null}
              </Space>
            }
          >
            {rest.map((col, c) => {
              const value = cell(col, row, i);
              if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return null;
              return (
                <div key={String(col.key ?? col.dataIndex ?? c)} style={{ display: 'flex', gap: 8, lineHeight: '24px' }}>
                  <Typography.Text type="secondary" style={{ flex: '0 0 30%' }}>
                    {typeof col.title === 'function' ? null : col.title}
                  </Typography.Text>
                  <span style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>{value}</span>
                </div>
              );
            })}
          </Card>
        );
      })}
    </Space>
  );
}

function cell<T>(col: Column<T>, row: T, index: number): ReactNode {
  const path = col.dataIndex === undefined ? [] : Array.isArray(col.dataIndex) ? col.dataIndex : [col.dataIndex as string];
  let value: unknown = row;
  for (const p of path) value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[p];
  if (!path.length) value = undefined;
  if (col.render) {
    const out: unknown = col.render(value, row, index);
    // antd lets a render answer {children, props} (cell spans); a card has no spans, only the content.
    if (out && typeof out === 'object' && !isValidElement(out) && 'children' in out) return (out as { children: ReactNode }).children;
    return out as ReactNode;
  }
  return value === null || value === undefined ? null : (value as ReactNode);
}

import { Button, Space, Table, type TableColumnsType, type TableProps } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../api/client';
import { RowCards, usePhone } from './RowCards';

interface Props<T> {
  /** Fetch one page; `cursor` is null for the first. Change `reloadKey` to start over. */
  fetchPage: (cursor: string | null) => Promise<Page<T>>;
  columns: TableColumnsType<T>;
  rowKey: keyof T & string;
  reloadKey?: unknown;
  size?: 'small' | 'middle';
  /** Row selection (antd's), for acting on the selected rows in bulk. */
  rowSelection?: TableProps<T>['rowSelection'];
  /** Show the rows as cards on a phone (lists a field worker reads standing up). */
  cardsOnPhone?: boolean;
}

/**
 * A table over a keyset-paginated endpoint (`{items, nextCursor}`) with a "load more" button; on a
 * phone the same rows and columns as cards (RowCards), on a desk columns keep their natural width
 * and the table scrolls sideways rather than wrapping names letter by letter.
 */
export function KeysetTable<T extends object>({ fetchPage, columns, rowKey, reloadKey, size = 'small', rowSelection, cardsOnPhone = false }: Props<T>) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const phone = usePhone() && cardsOnPhone;

  const load = useCallback(
    async (from: string | null) => {
      setLoading(true);
      try {
        const page = await fetchPage(from);
        setRows((prev) => (from ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } finally {
        setLoading(false);
      }
    },
    [fetchPage],
  );

  useEffect(() => {
    void load(null);
    // reloadKey is the explicit trigger
  }, [reloadKey]);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {phone ? (
        <RowCards<T> rows={rows} columns={columns} rowKey={rowKey} loading={loading} rowSelection={rowSelection} />
      ) : (
        <Table<T>
          rowKey={rowKey}
          columns={columns}
          dataSource={rows}
          loading={loading}
          pagination={false}
          size={size}
          scroll={{ x: 'max-content' }}
          rowSelection={rowSelection}
        />
      )}
      {cursor && (
        <Button onClick={() => void load(cursor)} loading={loading} block>
          {t('common.loadMore')}
        </Button>
      )}
    </Space>
  );
}

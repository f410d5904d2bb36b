import { Alert, Button, Input, Space, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { useErrorText } from '../../lib/errors';
import { unplacedApi, type UnplacedPerson } from './unplaced.api';

/**
 * 未落格: per street/community, the people registered above grid level (masked), selected and
 * placed into a grid in one go; the counts refresh after each placement.
 */
export function UnplacedTab({ area }: { area: string | null }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { can } = useAuth();
  const [at, setAt] = useState<string | null>(area);
  const [summary, setSummary] = useState<Array<{ code: string; name: string; level: string; people: number }>>([]);
  const [rows, setRows] = useState<UnplacedPerson[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [grid, setGrid] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => setAt(area), [area]);
  const load = useCallback(async () => {
    if (!at) return;
    setSelected([]);
    const [s, page] = await Promise.all([unplacedApi.summary(at), unplacedApi.list(at, null)]);
    setSummary(s.items);
    setRows(page.items);
    setCursor(page.nextCursor);
  }, [at]);
  useEffect(() => void load(), [load]);

  const assign = async () => {
    try {
      const r = await unplacedApi.assign({ grid: grid.trim(), personIds: selected });
      setMsg({ ok: true, text: t('areas.unplaced.done', { n: r.moved, grid: r.grid }) });
      await load();
    } catch (e) {
      setMsg({ ok: false, text: errorText(e) });
    }
  };

  const bulk = async (mode: 'building' | 'point') => {
    if (!at) return;
    try {
      const r = await unplacedApi.bulk(mode, at);
      setMsg({ ok: true, text: t('areas.unplaced.bulkDone', { ...r, mode: t(mode === 'building' ? 'areas.unplaced.byBuilding' : 'areas.unplaced.byPoint') }) });
      await load();
    } catch (e) {
      setMsg({ ok: false, text: errorText(e) });
    }
  };

  if (!at) return <p>{t('areas.unplaced.pick')}</p>;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="unplaced">
      <p>{t('areas.unplaced.help')}</p>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        data-testid="unplaced-summary"
        dataSource={summary}
        locale={{ emptyText: t('areas.unplaced.none') }}
        onRow={(r) => ({ onClick: () => setAt(r.code) })}
        columns={[
          { title: t('areas.code'), dataIndex: 'code' },
          { title: t('areas.name'), dataIndex: 'name' },
          { title: t('areas.level'), dataIndex: 'level', render: (l: string) => t(`areas.levels.${l}`) },
          { title: t('areas.unplaced.people'), dataIndex: 'people' },
        ]}
      />
      {can('people:write') && (
        <Space wrap>
          <Input
            data-testid="unplaced-grid"
            value={grid}
            onChange={(e) => setGrid(e.target.value)}
            placeholder={t('areas.unplaced.gridCode')}
            style={{ width: 220 }}
          />
          <Button type="primary" data-testid="unplaced-assign" disabled={!selected.length || !/^\d{15}$/.test(grid.trim())} onClick={() => void assign()}>
            {t('areas.unplaced.assign', { n: selected.length })}
          </Button>
          <Button data-testid="unplaced-by-building" disabled={!summary.length} onClick={() => void bulk('building')}>
            {t('areas.unplaced.byBuilding')}
          </Button>
          <Button data-testid="unplaced-by-point" disabled={!summary.length} onClick={() => void bulk('point')}>
            {t('areas.unplaced.byPoint')}
          </Button>
        </Space>
      )}
      {can('people:write') && <p style={{ color: '#888' }}>{t('areas.unplaced.bulkHelp')}</p>}
      {msg && <Alert data-testid="unplaced-msg" type={msg.ok ? 'success' : 'error'} message={msg.text} showIcon />}
      <Table<UnplacedPerson>
        size="small"
        rowKey="id"
        pagination={false}
        data-testid="unplaced-people"
        dataSource={rows}
        scroll={{ x: true }}
        rowSelection={can('people:write') ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) } : undefined}
        columns={[
          { title: t('areas.name'), dataIndex: 'name' },
          { title: 'ID', dataIndex: 'idNumberMasked' },
          { title: t('areas.phone'), dataIndex: 'phoneMasked' },
          { title: t('areas.code'), dataIndex: 'areaCode' },
          { title: t('areas.unplaced.address'), dataIndex: 'address' },
        ]}
      />
      {cursor && (
        <Button
          block
          onClick={() =>
            void unplacedApi.list(at, cursor).then((p) => {
              setRows((r) => [...r, ...p.items]);
              setCursor(p.nextCursor);
            })
          }
        >
          {t('common.loadMore')}
        </Button>
      )}
    </Space>
  );
}

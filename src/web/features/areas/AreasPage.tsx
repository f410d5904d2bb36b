import { Card, Col, Row, Select, Tabs, Tag, Tree, type TreeDataNode } from 'antd';
import { useCallback, useEffect, useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { KeysetTable } from '../../components/KeysetTable';
import { AreaDetail } from './AreaDetail';
import { UnplacedTab } from './UnplacedTab';
import { areaApi, type AreaSummary } from './api';
import './strings';

function node(a: AreaSummary, t: (k: string) => string): TreeDataNode {
  return {
    key: a.code,
    isLeaf: a.level === 'building',
    title: (
      <span>
        {a.name} <span style={{ color: '#888' }}>{a.population.toLocaleString()}</span>
        {a.responsibles === 0 && ['street', 'community', 'grid'].includes(a.level) && (
          <Tag color="red" style={{ marginLeft: 4 }}>
            {t('areas.none')}
          </Tag>
        )}
      </span>
    ),
  };
}

function insert(list: TreeDataNode[], key: Key, children: TreeDataNode[]): TreeDataNode[] {
  return list.map((n) => (n.key === key ? { ...n, children } : n.children ? { ...n, children: insert(n.children, key, children) } : n));
}

/** 区域网格: the area tree with counts and owners, an area's detail and map, and the gaps list. */
export default function AreasPage() {
  const { t } = useTranslation();
  const [tree, setTree] = useState<TreeDataNode[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [level, setLevel] = useState('grid');
  const [reload, setReload] = useState(0);
  useEffect(
    () =>
      void areaApi.roots().then((r) => {
        setTree(r.items.map((a) => node(a, t)));
        setSelected((s) => s ?? r.items[0]?.code ?? null);
      }),
    [t],
  );
  const loadData = async (n: TreeDataNode) => {
    if (n.children) return;
    const r = await areaApi.children(String(n.key));
    setTree((prev) =>
      insert(
        prev,
        n.key,
        r.items.map((a) => node(a, t)),
      ),
    );
  };
  const fetchGaps = useCallback((cursor: string | null) => areaApi.gaps(level, cursor), [level]);

  return (
    <Card title={t('areas.title')}>
      <Tabs
        items={[
          {
            key: 'tree',
            label: t('areas.tree'),
            children: (
              <Row gutter={16}>
                <Col xs={24} md={9}>
                  <Tree
                    treeData={tree}
                    loadData={loadData}
                    onSelect={(keys) => keys[0] && setSelected(String(keys[0]))}
                    selectedKeys={selected ? [selected] : []}
                    height={640}
                  />
                </Col>
                <Col xs={24} md={15}>
                  {selected && <AreaDetail code={selected} onChanged={() => setReload((n) => n + 1)} />}
                </Col>
              </Row>
            ),
          },
          { key: 'unplaced', label: t('areas.unplaced.tab'), children: <UnplacedTab area={selected} /> },
          {
            key: 'gaps',
            label: t('areas.gaps'),
            children: (
              <>
                <p>{t('areas.gapsHelp')}</p>
                <Select
                  value={level}
                  onChange={(v) => {
                    setLevel(v);
                    setReload((n) => n + 1);
                  }}
                  style={{ width: 160, marginBottom: 12 }}
                  options={['street', 'community', 'grid'].map((l) => ({ value: l, label: t(`areas.levels.${l}`) }))}
                />
                <KeysetTable<AreaSummary>
                  rowKey="code"
                  reloadKey={`${level}:${reload}`}
                  fetchPage={fetchGaps}
                  columns={[
                    { title: t('areas.code'), dataIndex: 'code' },
                    { title: t('areas.name'), dataIndex: 'name' },
                    { title: t('areas.population'), dataIndex: 'population' },
                  ]}
                />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}

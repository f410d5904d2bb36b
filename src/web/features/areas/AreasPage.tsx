import { useTabParam } from '../../lib/tab-param';
import { Card, Col, Row, Select, Tabs, Tag, Tree, type TreeDataNode } from 'antd';
import { useCallback, useEffect, useState, type Key } from 'react';
import { responsibleDuties } from '../../../contract/owners';
import { useAuth } from '../../app/auth';
import { useTranslation } from 'react-i18next';
import { KeysetTable } from '../../components/KeysetTable';
import { AreaDetail } from './AreaDetail';
import { OnboardingPanel } from './OnboardingPanel';
import { ResponsiblesImport } from './ResponsiblesImport';
import { UnplacedTab } from './UnplacedTab';
import { areaApi, type AreaGap, type AreaSummary } from './api';
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
  const [tab, setTab] = useTabParam('tree');
  const [tree, setTree] = useState<TreeDataNode[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const { can } = useAuth();
  const [level, setLevel] = useState('grid');
  const [duty, setDuty] = useState<string>('');
  const [reload, setReload] = useState(0);
  const [treeVersion, setTreeVersion] = useState(0);
  useEffect(
    () =>
      void areaApi.roots().then((r) => {
        setTree(r.items.map((a) => node(a, t)));
        setSelected((s) => s ?? r.items[0]?.code ?? null);
      }),
    [t, treeVersion],
  );
  // After a load or an import the tree is fetched afresh (its folded branches too).
  const treeChanged = () => {
    setTreeVersion((n) => n + 1);
    setReload((n) => n + 1);
  };
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
  const fetchGaps = useCallback((cursor: string | null) => areaApi.gaps(level, cursor, duty || undefined), [level, duty]);

  return (
    <Card title={t('areas.title')}>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'tree',
            label: t('areas.tree'),
            children: (
              <Row gutter={16}>
                <Col xs={24} md={9}>
                  <Tree
                    key={treeVersion}
                    treeData={tree}
                    loadData={loadData}
                    onSelect={(keys) => keys[0] && setSelected(String(keys[0]))}
                    selectedKeys={selected ? [selected] : []}
                    height={640}
                  />
                </Col>
                <Col xs={24} md={15}>
                  {selected && (
                    <AreaDetail key={selected} code={selected} version={treeVersion} onChanged={() => setReload((n) => n + 1)} onTreeChanged={treeChanged} />
                  )}
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
                {can('areas:write') && <ResponsiblesImport onImported={() => setReload((n) => n + 1)} />}
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
                <Select
                  value={duty}
                  onChange={(v) => {
                    setDuty(v);
                    setReload((n) => n + 1);
                  }}
                  style={{ width: 180, marginBottom: 12, marginLeft: 8 }}
                  aria-label={t('areas.gapsDuty')}
                  options={[{ value: '', label: t('areas.anyDuty') }, ...responsibleDuties.map((d) => ({ value: d, label: t(`areas.duties.${d}`) }))]}
                />
                <KeysetTable<AreaGap>
                  rowKey="code"
                  reloadKey={`${level}:${duty}:${reload}`}
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
          ...(can('areas:write') ? [{ key: 'onboard', label: t('areas.onboard.tab'), children: <OnboardingPanel onChanged={treeChanged} /> }] : []),
        ]}
      />
    </Card>
  );
}

import { Button, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../components/EChart';
import type { ChainGraph, Cluster } from '../../../contract/tracing';
import { tracingApi } from './api';
import { qs } from '../../api/client';
import { useFileLang } from '../../lib/errors';

const COLORS: Record<string, string> = { case: '#cf1322', close: '#fa8c16', secondary: '#fadb14', companion: '#91caff', elsewhere: '#b37feb' };

/** Transmission chains as a force graph: cases red, close contacts orange, secondary yellow; contacts handed off to other areas one purple node per case. */
export function ChainTab() {
  const { t } = useTranslation();
  const fileLang = useFileLang();
  const [clusters, setClusters] = useState<Cluster[]>([]);
  const [cluster, setCluster] = useState<string | undefined>();
  const [g, setG] = useState<ChainGraph>({ nodes: [], edges: [] });
  useEffect(() => void tracingApi.clusters().then((r) => setClusters(r.items)), []);
  useEffect(() => void tracingApi.graph(cluster).then(setG), [cluster]);
  const kinds = ['case', 'close', 'secondary', 'companion', 'elsewhere'];
  const kindName = (k: string) => (k === 'case' ? t('tracing.cases') : k === 'elsewhere' ? t('tracing.classes_elsewhere') : t(`tracing.classes.${k}`));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          style={{ width: 300 }}
          placeholder={t('tracing.allCases')}
          value={cluster}
          onChange={setCluster}
          options={clusters.map((c) => ({ value: c.clusterId, label: `${t('tracing.cluster')} ${c.firstCase}（${c.cases}）` }))}
        />
        <Button href={`/api/v1/tracing/chains.csv${qs({ cluster, lang: fileLang })}`}>{t('tracing.exportCsv')}</Button>
      </Space>
      <EChart
        height={560}
        option={{
          legend: { data: kinds.map(kindName) },
          tooltip: {},
          series: [
            {
              type: 'graph',
              layout: 'force',
              roam: true,
              draggable: true,
              force: { repulsion: 160, edgeLength: 70 },
              categories: kinds.map((k) => ({ name: kindName(k), itemStyle: { color: COLORS[k] } })),
              edgeSymbol: ['none', 'arrow'],
              label: { show: true, position: 'right', fontSize: 11 },
              data: g.nodes.map((n) => ({
                id: n.id,
                name: n.kind === 'elsewhere' ? t('tracing.handedOff', { n: n.count ?? 0 }) : n.label,
                category: kinds.indexOf(n.kind),
                symbolSize: n.kind === 'case' ? 28 : n.kind === 'elsewhere' ? 20 : 14,
              })),
              links: g.edges.map((e) => ({
                source: e.source,
                target: e.target,
                lineStyle: { type: e.kind === 'infected' ? 'solid' : 'dashed', width: e.kind === 'infected' ? 3 : 1 },
              })),
            },
          ],
        }}
      />
    </Space>
  );
}

import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { FigureCard } from '../../components/FigureCard';
import { GridMap } from '../../components/GridMap';
import { KeysetTable } from '../../components/KeysetTable';
import { PrintButton } from '../../components/PrintButton';
import { documentPaths } from '../../../contract/document-paths';
import { fmtAt } from '../../lib/format';
import { PeopleHandoff } from '../quarantine/PeopleHandoff';
import type { HandoffPerson } from '../quarantine/HandoffDialog';
import { testingApi, type Coverage, type MissingPerson, type Round } from './api';
import { CloseRound, ExemptDialog, ExemptionsCard, ReopenRound, RepeatsCard, RoundStatusTag } from './RoundManage';
import { CallPhone } from './CallPhone';

/**
 * The area to open a round at: the round's own area when the user covers it, else the user's
 * area inside it (a street official opens a city-wide round at their street), else none.
 */
function myPartOf(roundAreas: readonly string[], scope: readonly string[]): string {
  const covered = roundAreas.find((a) => scope.some((s) => s === '*' || a.startsWith(s)));
  if (covered) return covered;
  return scope.find((s) => roundAreas.some((a) => s.startsWith(a))) ?? '';
}

/**
 * The round's figures in people (sampled, with a final result, finally positive), then tubes and
 * pools beside them, and the people flagged outside the target — as the API counts them.
 */
function CoverageFigures({ cov }: { cov: Coverage }) {
  const { t } = useTranslation();
  const people = ['target', 'sampled', 'resulted', 'positive', 'missing'] as const;
  const beside = ['tubes', 'poolsPositive', 'rechecksOpen', 'outsideTarget', 'outsidePositive', 'outsideGrid'] as const;
  return (
    <>
      <Row gutter={[12, 12]} data-testid="coverage">
        {people.map((k) => (
          <Col key={k} xs={12} md={4} data-testid={`fig-${k}`}>
            <FigureCard title={t(`testing.${k}`)} value={cov[k]} danger={k === 'positive' && cov.positive > 0} />
          </Col>
        ))}
        <Col xs={12} md={4} data-testid="fig-coverage">
          <FigureCard title={t('testing.coverage')} value={cov.target ? Math.round((cov.sampled / cov.target) * 1000) / 10 : 0} suffix="%" />
        </Col>
      </Row>
      <Row gutter={[12, 12]} data-testid="coverage-beside">
        {beside.map((k) => (
          <Col key={k} xs={12} md={4} data-testid={`fig-${k}`}>
            <FigureCard title={t(`testing.fig.${k}`)} value={cov[k]} danger={k === 'outsidePositive' && cov.outsidePositive > 0} />
          </Col>
        ))}
      </Row>
      {/* Device batches are counted by a job every few seconds: say how current the figures are. */}
      <Typography.Text type="secondary" data-testid="coverage-settled">
        {t('testing.settledAt', { at: fmtAt(cov.settledAt, 'HH:mm:ss') })}
        {cov.pendingSamples > 0 ? ` · ${t('testing.pendingSamples', { n: cov.pendingSamples })}` : ''}
      </Typography.Text>
    </>
  );
}

/** Rounds: create, coverage by area with the grid map, and the named missing list (应采尽采). */
export function RoundsTab({
  round,
  rounds,
  onSelect,
  onCreated,
}: {
  round: Round | null;
  rounds: Round[];
  onSelect: (id: string) => void;
  onCreated: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { can, user } = useAuth();
  const [area, setArea] = useState<string>('');
  const [cov, setCov] = useState<Coverage | null>(null);
  // Bumped after 免采 so the figures, the missing list and the exemptions list are read again.
  const [changes, setChanges] = useState(0);
  const [map, setMap] = useState<GeoJSON.FeatureCollection | null>(null);
  useEffect(() => setArea(round ? myPartOf(round.scope, user?.scope ?? []) : ''), [round, user]);
  useEffect(() => {
    if (!round || !area) return;
    void testingApi.coverage(round.id, area).then(setCov);
    void testingApi.coverageMap(round.id, area).then(setMap);
  }, [round, area, changes]);
  // The missing list's selected people, for 安排隔离/转运 (person ids; `missingKey` reloads the list after).
  const [picked, setPicked] = useState<HandoffPerson[]>([]);
  const [missingKey, setMissingKey] = useState(0);
  const canHandoff = can('quarantine:write') || can('transfer:write') || can('quarantine:arrange');
  const canManage = can('testing:manage');
  const fetchMissing = useCallback(
    (cursor: string | null) => (round && area ? testingApi.missing(round.id, area, cursor) : Promise.resolve({ items: [], nextCursor: null })),
    [round, area],
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          style={{ width: 320 }}
          value={round?.id}
          onChange={onSelect}
          options={rounds.map((r) => ({ value: r.id, label: `${r.name} (${r.poolSize}合1)` }))}
          placeholder={t('testing.round')}
          data-testid="round-select"
        />

        {can('testing:manage') && (
          <Form
            layout="inline"
            onFinish={(v: { area: string; name?: string; poolSize: number }) =>
              void testingApi.createRound({ areas: [v.area], name: v.name, poolSize: v.poolSize }).then(onCreated)
            }
            initialValues={{ poolSize: 10, area: user?.scope[0] === '*' ? '320706' : user?.scope[0] }}
          >
            <Form.Item name="area" rules={[{ required: true }]}>
              <Input placeholder={t('testing.area')} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="name">
              <Input placeholder={t('testing.name')} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="poolSize">
              <Select style={{ width: 100 }} options={[1, 5, 10, 20].map((k) => ({ value: k, label: `${k}合1` }))} />
            </Form.Item>
            <Button htmlType="submit" type="primary">
              {t('testing.newRound')}
            </Button>
          </Form>
        )}
      </Space>
      {round && (
        <Space wrap>
          <RoundStatusTag round={round} />
          {canManage && <CloseRound round={round} onClosed={onCreated} />}
          {canManage && <ReopenRound round={round} onReopened={onCreated} />}
        </Space>
      )}
      {round && cov && (
        <>
          <Space>
            <Input value={area} onChange={(e) => setArea(e.target.value.trim())} style={{ width: 200 }} addonBefore={t('testing.area')} />
          </Space>
          <CoverageFigures cov={cov} />
          <Row gutter={12}>
            <Col xs={24} lg={12}>
              <Table
                size="small"
                rowKey="code"
                pagination={false}
                dataSource={cov.areas}
                data-testid="coverage-areas"
                onRow={(r) => ({ onClick: () => !r.ownPeople && setArea(r.code) })}
                columns={[
                  { title: t('testing.area'), key: 'name', render: (_, r) => (r.ownPeople ? `${r.name} · ${t('testing.ownPeople')}` : r.name) },
                  { title: t('testing.target'), dataIndex: 'target' },
                  { title: t('testing.sampled'), dataIndex: 'sampled' },
                  { title: t('testing.missing'), dataIndex: 'missing' },
                  { title: t('testing.resulted'), dataIndex: 'resulted' },
                  { title: t('testing.positive'), dataIndex: 'positive' },
                  { title: t('testing.fig.outsideGrid'), dataIndex: 'outsideGrid' },
                  { title: t('testing.coverage'), key: 'c', render: (_, r) => `${r.target ? Math.round((r.sampled / r.target) * 100) : 0}%` },
                ]}
              />
            </Col>
            <Col xs={24} lg={12}>
              {map && map.features.length > 0 && (
                <Card size="small" title={t('testing.coverage')}>
                  <GridMap
                    data={map}
                    valueProperty="coverage"
                    range={[0, 1]}
                    height={320}
                    legend={{ title: t('gridmap.coverage'), format: (v) => `${Math.round(v * 100)}%` }}
                  />
                </Card>
              )}
            </Col>
          </Row>
          <Card
            size="small"
            title={t('testing.missingList')}
            extra={
              <Space>
                <PrintButton href={documentPaths.missingList(round.id, area)} label="missingList" testId="print-missing" small={false} />
                <Button href={`/api/v1/testing/rounds/${round.id}/missing.csv?area=${area}&lang=${i18n.language.startsWith('zh') ? 'zh' : 'en'}`}>
                  {t('testing.exportCsv')}
                </Button>
              </Space>
            }
          >
            {canManage && (
              <ExemptDialog
                key={round.id}
                round={round}
                people={picked.map((p) => ({ personId: p.personId, label: p.label }))}
                onDone={() => {
                  setPicked([]);
                  setMissingKey((k) => k + 1);
                  setChanges((k) => k + 1);
                }}
              />
            )}
            {canHandoff && (
              <PeopleHandoff
                people={picked}
                onDone={() => {
                  setPicked([]);
                  setMissingKey((k) => k + 1);
                }}
              />
            )}
            <KeysetTable<MissingPerson>
              rowKey="id"
              reloadKey={`${round.id}:${area}:${missingKey}`}
              fetchPage={fetchMissing}
              rowSelection={
                canHandoff || canManage
                  ? {
                      selectedRowKeys: picked.map((p) => p.key),
                      onChange: (_, rows) => setPicked(rows.map((r) => ({ key: r.id, personId: r.id, label: `${r.name} ${r.idNumberMasked}` }))),
                    }
                  : undefined
              }
              columns={[
                { title: t('testing.person'), dataIndex: 'name' },
                { title: 'ID', dataIndex: 'idNumberMasked' },
                { title: t('testing.gridOwner'), dataIndex: 'owner', render: (o: string | null) => o ?? '—' },
                { title: t('testing.address'), dataIndex: 'address' },
                {
                  title: t('testing.phone'),
                  key: 'phone',
                  render: (_, r) => <CallPhone personId={r.id} name={r.name} masked={r.phoneMasked} via="missing" />,
                },
              ]}
            />
          </Card>
          <Row gutter={12}>
            <Col xs={24} lg={12}>
              <ExemptionsCard
                round={round}
                reloadKey={changes}
                onUndone={
                  canManage
                    ? () => {
                        setMissingKey((k) => k + 1);
                        setChanges((k) => k + 1);
                      }
                    : undefined
                }
              />
            </Col>
            <Col xs={24} lg={12}>
              <RepeatsCard round={round} />
            </Col>
          </Row>
        </>
      )}
      {!round && <InputNumber style={{ display: 'none' }} />}
    </Space>
  );
}

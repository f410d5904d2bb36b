import { Button, Card, Checkbox, Descriptions, Input, List, Space, Table, Tag } from 'antd';
import { usePhone } from '../../components/RowCards';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Countdown } from '../../components/Countdown';
import { PeopleHandoff } from '../quarantine/PeopleHandoff';
import { testingApi, type Recheck, type Round } from './api';
import { CallPhone } from './CallPhone';
import './undo-strings';

const done = (s: string) => s === 'negative' || s === 'positive';

/** 已找到 / 单管采样: what the owner does next on one re-check. */
function RecheckActions({ r, reload, wide }: { r: Recheck; reload: () => void; wide: boolean }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  if (!can('testing:recheck') || done(r.status)) return null;
  return (
    <Space wrap>
      {r.status === 'to_locate' && (
        <Button size="small" onClick={() => void post(`/testing/rechecks/${r.id}/locate`, {}).then(reload)}>
          {t('testing.locate')}
        </Button>
      )}
      {r.status !== 'resampled' && (
        <Input.Search
          size="small"
          placeholder={t('testing.tube')}
          enterButton={t('testing.resample')}
          style={{ width: wide ? 220 : '100%' }}
          onSearch={(v) => v && void post(`/testing/rechecks/${r.id}/resample`, { tubeBarcode: v, siteCode: 'RECHECK' }).then(reload)}
        />
      )}
    </Space>
  );
}

function StatusTag({ s }: { s: Recheck['status'] }) {
  const { t } = useTranslation();
  return <Tag color={s === 'positive' ? 'red' : s === 'negative' ? 'green' : 'orange'}>{t(`testing.statuses.${s}`)}</Tag>;
}

/**
 * 单管复核 board: every member of a positive pool, its owner (grid worker), address, a phone to call
 * and the two clocks. A table on a desk; on a phone (narrower than md) one card per person, since
 * the grid worker works the list in the street.
 */
export function RechecksTab({ round }: { round: Round | null }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const wide = !usePhone();
  const [items, setItems] = useState<Recheck[]>([]);
  // Members selected for 安排隔离/转运 (a positive pool's members, by their re-check row).
  const [selected, setSelected] = useState<string[]>([]);
  const load = () => void (round && testingApi.rechecks(round.id).then((r) => setItems(r.items)));
  useEffect(load, [round]);
  const handoff = can('quarantine:write') || can('transfer:write') || can('quarantine:arrange');
  const chosen = items.filter((i) => selected.includes(i.id)).map((i) => ({ key: i.id, personId: i.personId, label: `${i.name} ${i.idNumberMasked}` }));
  const toggle = (id: string, on: boolean) => setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)));
  const phone = (r: Recheck) => <CallPhone personId={r.personId} name={r.name} masked={r.phoneMasked} via="recheck" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {handoff && (
        <PeopleHandoff
          people={chosen}
          defaultReason="positive-pool"
          onDone={() => {
            setSelected([]);
            load();
          }}
        />
      )}
      {wide ? (
        <Table<Recheck>
          rowKey="id"
          size="small"
          dataSource={items}
          pagination={{ pageSize: 50 }}
          scroll={{ x: true }}
          data-testid="rechecks-table"
          rowSelection={handoff ? { selectedRowKeys: selected, onChange: (k) => setSelected(k.map(String)) } : undefined}
          columns={[
            { title: t('testing.tube'), dataIndex: 'poolTube' },
            { title: t('testing.person'), dataIndex: 'name', render: (n: string, r) => `${n} ${r.idNumberMasked}` },
            { title: t('testing.owner'), dataIndex: 'owner', render: (o: string | null) => o ?? '—' },
            { title: t('testing.address'), dataIndex: 'address' },
            { title: t('testing.phone'), key: 'phone', render: (_, r) => phone(r) },
            { title: t('testing.status'), dataIndex: 'status', render: (s: Recheck['status']) => <StatusTag s={s} /> },
            { title: t('testing.locateBy'), dataIndex: 'locateDeadline', render: (d: string, r) => <Countdown deadline={d} done={r.status !== 'to_locate'} /> },
            { title: t('testing.resultBy'), dataIndex: 'resultDeadline', render: (d: string, r) => <Countdown deadline={d} done={done(r.status)} /> },
            { title: '', key: 'a', render: (_, r) => <RecheckActions r={r} reload={load} wide /> },
          ]}
        />
      ) : (
        <List<Recheck>
          dataSource={items}
          pagination={{ pageSize: 20, size: 'small', hideOnSinglePage: true }}
          data-testid="rechecks-cards"
          renderItem={(r) => (
            <Card
              size="small"
              style={{ marginBottom: 8 }}
              data-testid="recheck-card"
              title={
                <Space>
                  {handoff && <Checkbox checked={selected.includes(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />}
                  <span>{r.name}</span>
                  <StatusTag s={r.status} />
                </Space>
              }
            >
              <Descriptions size="small" column={1} colon={false} labelStyle={{ width: 84 }}>
                <Descriptions.Item label={t('testing.address')}>{r.address ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('testing.phone')}>{phone(r)}</Descriptions.Item>
                <Descriptions.Item label={t('testing.owner')}>{r.owner ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('testing.locateBy')}>
                  <Countdown deadline={r.locateDeadline} done={r.status !== 'to_locate'} />
                </Descriptions.Item>
                <Descriptions.Item label={t('testing.resultBy')}>
                  <Countdown deadline={r.resultDeadline} done={done(r.status)} />
                </Descriptions.Item>
                <Descriptions.Item label={t('testing.tube')}>
                  {r.poolTube} · {r.idNumberMasked}
                </Descriptions.Item>
              </Descriptions>
              <RecheckActions r={r} reload={load} wide={false} />
            </Card>
          )}
        />
      )}
    </Space>
  );
}

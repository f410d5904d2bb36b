import { Button, Input, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Countdown } from '../../components/Countdown';
import { PeopleHandoff } from '../quarantine/PeopleHandoff';
import { testingApi, type Recheck, type Round } from './api';

/** 单管复核 board: every member of a positive pool, its owner and the two clocks. */
export function RechecksTab({ round }: { round: Round | null }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [items, setItems] = useState<Recheck[]>([]);
  // Members selected for 安排隔离/转运 (a positive pool's members, by their re-check row).
  const [selected, setSelected] = useState<string[]>([]);
  const load = () => void (round && testingApi.rechecks(round.id).then((r) => setItems(r.items)));
  useEffect(load, [round]);
  const done = (s: string) => s === 'negative' || s === 'positive';
  const handoff = can('quarantine:write') || can('transfer:write') || can('quarantine:arrange');
  const chosen = items.filter((i) => selected.includes(i.id)).map((i) => ({ key: i.id, personId: i.personId, label: `${i.name} ${i.idNumberMasked}` }));
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
      <Table<Recheck>
        rowKey="id"
        size="small"
        dataSource={items}
        pagination={{ pageSize: 50 }}
        scroll={{ x: true }}
        rowSelection={handoff ? { selectedRowKeys: selected, onChange: (k) => setSelected(k.map(String)) } : undefined}
        columns={[
          { title: t('testing.tube'), dataIndex: 'poolTube' },
          { title: t('testing.person'), dataIndex: 'name', render: (n: string, r) => `${n} ${r.idNumberMasked}` },
          { title: t('testing.owner'), dataIndex: 'owner' },
          {
            title: t('testing.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={s === 'positive' ? 'red' : s === 'negative' ? 'green' : 'orange'}>{t(`testing.statuses.${s}`)}</Tag>,
          },
          { title: t('testing.locateBy'), dataIndex: 'locateDeadline', render: (d: string, r) => <Countdown deadline={d} done={r.status !== 'to_locate'} /> },
          { title: t('testing.resultBy'), dataIndex: 'resultDeadline', render: (d: string, r) => <Countdown deadline={d} done={done(r.status)} /> },
          {
            title: '',
            key: 'a',
            render: (_, r) =>
              can('testing:recheck') &&
              !done(r.status) && (
                <Space>
                  {r.status === 'to_locate' && (
                    <Button size="small" onClick={() => void post(`/testing/rechecks/${r.id}/locate`, {}).then(load)}>
                      {t('testing.locate')}
                    </Button>
                  )}
                  {r.status !== 'resampled' && (
                    <Input.Search
                      size="small"
                      placeholder={t('testing.tube')}
                      enterButton={t('testing.resample')}
                      style={{ width: 220 }}
                      onSearch={(v) => v && void post(`/testing/rechecks/${r.id}/resample`, { tubeBarcode: v, siteCode: 'RECHECK' }).then(load)}
                    />
                  )}
                </Space>
              ),
          },
        ]}
      />
    </Space>
  );
}

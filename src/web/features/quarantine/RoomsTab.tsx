import { App, Card, Input, Modal, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { useFail } from '../../lib/errors';
import { qApi, type Facility, type PlacementReason, type Room } from './api';

const COLOR: Record<string, string> = { free: '#52c41a', occupied: '#cf1322', cleaning: '#faad14', out_of_service: '#8c8c8c' };

/** The room/bed grid of one facility: colour by status; click a free room to place, an occupied one to see who is there. */
export function RoomsTab({
  facilities,
  facilityId,
  onChange,
  reload,
}: {
  facilities: Facility[];
  facilityId: string | null;
  onChange: (id: string) => void;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const fail = useFail('quarantine.errors');
  const { can } = useAuth();
  const { modal } = App.useApp();
  const [rooms, setRooms] = useState<Room[]>([]);
  const [placing, setPlacing] = useState<Room | null>(null);
  const [form, setForm] = useState<{ idNumber: string; reason: PlacementReason }>({ idNumber: '', reason: 'close-contact' });
  const load = () => void (facilityId && qApi.rooms(facilityId).then((r) => setRooms(r.items)));
  useEffect(load, [facilityId]);
  const write = can('quarantine:write');
  const click = (r: Room) => {
    if (!write) return;
    if (r.status === 'free' || (r.status === 'occupied' && r.occupants < r.maxOccupants)) setPlacing(r);
    else if (r.status === 'cleaning' || r.status === 'out_of_service')
      modal.confirm({
        title: `${r.code}: ${t('quarantine.markFree')}?`,
        onOk: () =>
          qApi.roomStatus(r.id, 'free').then(() => {
            load();
            reload();
          }, fail),
      });
  };
  const groups = new Map<string, Room[]>();
  for (const r of rooms)
    groups.set(r.floor !== null ? `${r.floor}F` : (r.unit ?? ''), [...(groups.get(r.floor !== null ? `${r.floor}F` : (r.unit ?? '')) ?? []), r]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          style={{ width: 280 }}
          value={facilityId}
          onChange={onChange}
          options={facilities.filter((f) => f.type !== 'home').map((f) => ({ value: f.id, label: `${f.name}（${f.roomsFree}/${f.roomsTotal}）` }))}
        />
        {Object.keys(COLOR).map((s) => (
          <Tag key={s} color={COLOR[s]}>
            {t(`quarantine.roomStatuses.${s}`)} {rooms.filter((r) => r.status === s).length}
          </Tag>
        ))}
      </Space>
      {[...groups.entries()].map(([g, rs]) => (
        <Card key={g} size="small" title={g || undefined} styles={{ body: { display: 'flex', flexWrap: 'wrap', gap: 6 } }}>
          {rs.map((r) => (
            <Tooltip key={r.id} title={r.people.map((p) => `${p.name} → ${p.siteEnd.slice(0, 10)}`).join('，') || t(`quarantine.roomStatuses.${r.status}`)}>
              <div
                data-testid={`room-${r.code}`}
                onClick={() => click(r)}
                style={{
                  width: 64,
                  height: 40,
                  borderRadius: 4,
                  background: COLOR[r.status],
                  color: '#fff',
                  fontSize: 12,
                  display: 'flex',
                  flexDirection: 'column',
                  alignItems: 'center',
                  justifyContent: 'center',
                  cursor: write ? 'pointer' : 'default',
                }}
              >
                <b>{r.code}</b>
                {r.occupants > 0 && (
                  <span>
                    {r.occupants}/{r.maxOccupants}
                  </span>
                )}
              </div>
            </Tooltip>
          ))}
        </Card>
      ))}
      <Modal
        open={!!placing}
        title={`${t('quarantine.place')} ${placing?.code ?? ''}`}
        onCancel={() => setPlacing(null)}
        onOk={() =>
          placing &&
          facilityId &&
          qApi.place({ idNumber: form.idNumber, reason: form.reason, facilityId, roomId: placing.id }).then(() => {
            setPlacing(null);
            load();
            reload();
          }, fail)
        }
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input placeholder={t('quarantine.idNumber')} value={form.idNumber} onChange={(e) => setForm({ ...form, idNumber: e.target.value })} />
          <Select
            style={{ width: '100%' }}
            value={form.reason}
            onChange={(reason: PlacementReason) => setForm({ ...form, reason })}
            options={['close-contact', 'secondary-contact', 'arrival', 'case', 'positive-pool'].map((v) => ({ value: v, label: t(`quarantine.reasons.${v}`) }))}
          />
          {placing && placing.people.length > 0 && <Typography.Text type="secondary">{placing.people.map((p) => p.name).join('，')}</Typography.Text>}
        </Space>
      </Modal>
    </Space>
  );
}

import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtAt, getDisplayZone } from '../../lib/format';
import { rosterApi, type RosterShift, type WorkGroup } from './api';
import { useFail } from '../../lib/errors';

const KIND_COLOR: Record<RosterShift['kind'], string> = { rotation: 'blue', cover: 'orange', swap: 'purple' };

/** Monday 00:00 of this week (+ `weeks`) in the command centre's zone. */
export function weekStart(weeks: number): Dayjs {
  const zone = getDisplayZone();
  const today = (zone ? dayjs().tz(zone) : dayjs()).startOf('day');
  return today.subtract((today.day() + 6) % 7, 'day').add(weeks * 7, 'day');
}

/** 排班日历: one row per work group, one column per day of the week; covers and swaps are marked, an empty day is red. */
export function RosterCalendar({ groups, version }: { groups: WorkGroup[]; version: number }) {
  const { t } = useTranslation();
  const fail = useFail('response.errors');
  const [weeks, setWeeks] = useState(0);
  const [shifts, setShifts] = useState<RosterShift[]>([]);
  const start = weekStart(weeks);
  const days = [0, 1, 2, 3, 4, 5, 6].map((i) => start.add(i, 'day'));
  useEffect(
    () =>
      void rosterApi
        .shifts(start.toISOString(), 7)
        .then((r) => setShifts(r.items))
        .catch(fail),
    [weeks, version],
  );
  const cell = (g: WorkGroup, day: Dayjs) => {
    const from = day.valueOf();
    const to = day.add(1, 'day').valueOf();
    const mine = shifts.filter((s) => s.group === g.id && Date.parse(s.from) < to && Date.parse(s.to) > from);
    if (mine.length === 0)
      return (
        <Typography.Text type="danger" data-testid="roster-empty-day">
          {t('roster.noShifts')}
        </Typography.Text>
      );
    const hm = (iso: string, edge: number) => (Date.parse(iso) === edge || (Date.parse(iso) > from && Date.parse(iso) < to) ? fmtAt(iso, 'HH:mm') : '…');
    return (
      <Space direction="vertical" size={2}>
        {mine.map((s) => (
          <Tag key={`${s.from}-${s.userId}`} color={KIND_COLOR[s.kind]} style={{ marginInlineEnd: 0 }}>
            {hm(s.from, from)}–{hm(s.to, to)} {s.name}
            {s.kind !== 'rotation' ? ` · ${t(`roster.kinds.${s.kind}`)}` : ''}
            {s.replacesName ? ` ${t('roster.for', { name: s.replacesName })}` : ''}
          </Tag>
        ))}
      </Space>
    );
  };
  const weekdayNames = t('roster.weekdayNames', { returnObjects: true }) as string[];
  return (
    <Card
      size="small"
      title={`${t('roster.calendar')} ${fmtAt(start.toDate(), 'YYYY-MM-DD')}`}
      extra={
        <Space>
          <Button size="small" onClick={() => setWeeks((w) => w - 1)}>
            {t('roster.prevWeek')}
          </Button>
          <Button size="small" onClick={() => setWeeks(0)}>
            {t('roster.thisWeek')}
          </Button>
          <Button size="small" onClick={() => setWeeks((w) => w + 1)}>
            {t('roster.nextWeek')}
          </Button>
        </Space>
      }
    >
      <Table<WorkGroup>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 1100 }}
        dataSource={groups}
        columns={[
          { title: t('roster.group'), key: 'g', fixed: 'left', width: 140, render: (_: unknown, g) => `${g.name} (${g.areaCode})` },
          ...days.map((d, i) => ({
            title: `${weekdayNames[i] ?? ''} ${fmtAt(d.toDate(), 'MM-DD')}`,
            key: String(i),
            render: (_: unknown, g: WorkGroup) => cell(g, d),
          })),
        ]}
      />
    </Card>
  );
}

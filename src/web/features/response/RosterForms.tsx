import { App, Button, Card, Checkbox, Form, Input, Select, Tabs } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtAt, getDisplayZone } from '../../lib/format';
import { rosterApi, type WorkGroup } from './api';
import { useFail } from '../../lib/errors';

const SHIFTS = ['8h', '12h', '24h', '1w', '1mo'] as const;

/** A datetime-local value read as wall-clock time in the command centre's zone. */
export function zoneInstant(local: string): string {
  const zone = getDisplayZone();
  return (zone ? dayjs.tz(local, zone) : dayjs(local)).toISOString();
}

/** The lead and members of a group, for the person pickers. */
function people(g: WorkGroup | undefined) {
  if (!g) return [];
  const lead = g.leadUserId ? [{ value: g.leadUserId, label: g.lead ?? g.leadUserId }] : [];
  return [...lead, ...g.members.filter((m) => m.userId !== g.leadUserId).map((m) => ({ value: m.userId, label: m.name }))];
}

interface RotationForm {
  groupId: string;
  name?: string;
  startsAt: string;
  shift: string;
  weekdays: number[];
  members: string[];
}
interface CoverForm {
  groupId: string;
  userId: string;
  replacesUserId?: string;
  from: string;
  to: string;
  note?: string;
}
interface SwapForm {
  groupId: string;
  aUserId: string;
  aAt: string;
  bUserId: string;
  bAt: string;
}

/** 新建轮班 / 代班 / 换班: the server checks that nobody holds two shifts at once and names the field when not. */
export function RosterForms({ groups, onSaved }: { groups: WorkGroup[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const fail = useFail('response.errors');
  const { message } = App.useApp();
  const [groupId, setGroupId] = useState<string | undefined>(groups[0]?.id);
  const group = groups.find((g) => g.id === groupId);
  const options = people(group);
  const names = t('roster.weekdayNames', { returnObjects: true }) as string[];
  const saved = (p: Promise<unknown>) =>
    void p.then(() => {
      message.success(t('roster.saved'));
      onSaved();
    }, fail);
  const groupItem = (
    <Form.Item name="groupId" label={t('roster.group')} rules={[{ required: true }]}>
      <Select style={{ width: 220 }} options={groups.map((g) => ({ value: g.id, label: `${g.name} (${g.areaCode})` }))} onChange={setGroupId} />
    </Form.Item>
  );
  const when = (name: string, label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true }]}>
      <Input type="datetime-local" aria-label={label} style={{ width: 210 }} />
    </Form.Item>
  );
  const person = (name: string, label: string, required = true) => (
    <Form.Item name={name} label={label} rules={[{ required }]}>
      <Select aria-label={label} style={{ width: 180 }} options={options} allowClear={!required} />
    </Form.Item>
  );
  const start = `${fmtAt(new Date(), 'YYYY-MM-DD')}T08:00`;
  const rotation = (
    <Form<RotationForm>
      layout="vertical"
      initialValues={{ groupId, shift: '8h', weekdays: [1, 2, 3, 4, 5, 6, 7], startsAt: start }}
      onFinish={(v) => saved(rosterApi.addRotation({ ...v, startsAt: zoneInstant(v.startsAt), name: v.name || undefined }))}
    >
      {groupItem}
      <Form.Item name="name" label={t('roster.rotationName')}>
        <Input style={{ width: 220 }} />
      </Form.Item>
      {when('startsAt', t('roster.startsAt'))}
      <Form.Item name="shift" label={t('roster.shift')}>
        <Select aria-label={t('roster.shift')} style={{ width: 140 }} options={SHIFTS.map((s) => ({ value: s, label: t(`roster.shifts.${s}`) }))} />
      </Form.Item>
      <Form.Item name="weekdays" label={t('roster.weekdays')}>
        <Checkbox.Group options={names.map((n, i) => ({ value: i + 1, label: n }))} />
      </Form.Item>
      <Form.Item name="members" label={t('roster.members')} rules={[{ required: true }]}>
        <Select aria-label={t('roster.members')} mode="multiple" style={{ width: 360 }} options={options} />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('roster.submit')}
      </Button>
    </Form>
  );
  const cover = (
    <Form<CoverForm>
      layout="vertical"
      initialValues={{ groupId }}
      onFinish={(v) => saved(rosterApi.addCover({ ...v, from: zoneInstant(v.from), to: zoneInstant(v.to), replacesUserId: v.replacesUserId ?? null }))}
    >
      {groupItem}
      {person('userId', t('roster.coverUser'))}
      {person('replacesUserId', t('roster.replaces'), false)}
      {when('from', t('roster.from'))}
      {when('to', t('roster.to'))}
      <Form.Item name="note" label={t('roster.note')}>
        <Input style={{ width: 300 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('roster.submit')}
      </Button>
    </Form>
  );
  const swap = (
    <Form<SwapForm>
      layout="vertical"
      initialValues={{ groupId }}
      onFinish={(v) => saved(rosterApi.swap({ ...v, aAt: zoneInstant(v.aAt), bAt: zoneInstant(v.bAt) }))}
    >
      {groupItem}
      {person('aUserId', t('roster.aUser'))}
      {when('aAt', t('roster.aAt'))}
      {person('bUserId', t('roster.bUser'))}
      {when('bAt', t('roster.bAt'))}
      <Button type="primary" htmlType="submit">
        {t('roster.submit')}
      </Button>
    </Form>
  );
  return (
    <Card size="small">
      <Tabs
        size="small"
        items={[
          { key: 'rotation', label: t('roster.addRotation'), children: rotation },
          { key: 'cover', label: t('roster.addCover'), children: cover },
          { key: 'swap', label: t('roster.addSwap'), children: swap },
        ]}
      />
    </Card>
  );
}

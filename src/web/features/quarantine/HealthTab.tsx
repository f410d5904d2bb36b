import { App, Button, Card, Checkbox, Input, InputNumber, List, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { CheckedToday } from '../../../contract/quarantine';
import { get } from '../../api/client';
import { fmtAt } from '../../lib/format';
import { useTranslation } from 'react-i18next';
import { useFail } from '../../lib/errors';
import { qApi, type Facility, type Placement, type SiteTask } from './api';

const SITE_KEY = 'epigrid.health.site';

/**
 * Phone-friendly daily checks for site staff, and the medical staff's task list. The phone
 * remembers its site (staff open it many times a day) and shows who is left today first.
 */
export function HealthTab({ facilities }: { facilities: Facility[] }) {
  const { t } = useTranslation();
  const fail = useFail('quarantine.errors');
  const { message } = App.useApp();
  const sites = facilities.filter((f) => f.type !== 'home');
  const remembered = () => {
    const kept = localStorage.getItem(SITE_KEY);
    return sites.some((f) => f.id === kept) ? (kept as string) : sites[0]?.id;
  };
  const [facilityId, setFacility] = useState<string | undefined>(remembered);
  const setFacilityId = (id: string | undefined) => {
    if (id) localStorage.setItem(SITE_KEY, id);
    setFacility(id);
  };
  const [today, setToday] = useState<CheckedToday | null>(null);
  const [people, setPeople] = useState<Placement[]>([]);
  const [tasks, setTasks] = useState<SiteTask[]>([]);
  const [entry, setEntry] = useState<Record<string, { temperature?: number; mental?: boolean; needs?: string }>>({});
  const load = () => {
    if (!facilityId) return;
    void qApi.placements(facilityId, null).then((r) => setPeople(r.items));
    void qApi.tasks(facilityId).then((r) => setTasks(r.items));
    void get<CheckedToday>(`/quarantine/facilities/${facilityId}/checks/today`).then(setToday, () => setToday(null));
  };
  useEffect(load, [facilityId]);
  // The site list arriving (or changing) re-picks the remembered site.
  useEffect(() => setFacility((f) => (f && sites.some((x) => x.id === f) ? f : remembered())), [facilities]);
  const done = new Map((today?.checked ?? []).map((c) => [c.placementId, c]));
  const ordered = [...people].sort((a, b) => Number(done.has(a.id)) - Number(done.has(b.id)));
  const submit = (p: Placement) => {
    const e = entry[p.id] ?? {};
    void qApi.check(p.id, { temperature: e.temperature as number, mentalSupport: !!e.mental, needs: e.needs || undefined }).then((r) => {
      void message[r.fever ? 'warning' : 'success'](`${p.name} ${e.temperature ?? ''}°C`);
      setEntry({ ...entry, [p.id]: {} });
      load();
    }, fail);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select
        style={{ width: '100%', maxWidth: 320 }}
        value={facilityId}
        onChange={setFacilityId}
        options={sites.map((f) => ({ value: f.id, label: f.name }))}
      />
      {today && (
        <Tag color={done.size >= people.length ? 'green' : 'orange'} data-testid="checked-today">
          {t('quarantine.checkedToday', { done: done.size, total: people.length, date: today.date })}
        </Tag>
      )}
      <Card size="small" title={t('quarantine.tasks')}>
        <List
          size="small"
          dataSource={tasks}
          locale={{ emptyText: '—' }}
          renderItem={(k) => (
            <List.Item
              actions={[
                <Button key="d" size="small" onClick={() => void qApi.taskDone(k.id).then(load)}>
                  {t('quarantine.done')}
                </Button>,
              ]}
            >
              <Tag color={k.kind === 'fever' ? 'red' : 'orange'}>{t(`quarantine.taskKinds.${k.kind}`)}</Tag> {k.name} {k.detail} <small>{k.day}</small>
            </List.Item>
          )}
        />
      </Card>
      <List
        dataSource={ordered}
        grid={{ gutter: 8, xs: 1, sm: 2, lg: 3 }}
        renderItem={(p) => (
          <List.Item>
            <Card
              size="small"
              title={`${p.room ?? ''} ${p.name}`}
              extra={
                <Space size={4}>
                  {done.has(p.id) && (
                    <Tag color="green" data-testid={`done-${p.room ?? p.id}`}>
                      {t('quarantine.checkedAt', { temp: done.get(p.id)?.temperature, at: fmtAt(done.get(p.id)?.at ?? '', 'HH:mm') })}
                    </Tag>
                  )}
                  <Tag>D{p.daysServed}</Tag>
                </Space>
              }
            >
              <Space direction="vertical" style={{ width: '100%' }}>
                <InputNumber
                  data-testid={`temp-${p.room ?? p.id}`}
                  style={{ width: '100%' }}
                  inputMode="decimal"
                  step={0.1}
                  placeholder={t('quarantine.temperature')}
                  value={entry[p.id]?.temperature}
                  onChange={(v) => setEntry({ ...entry, [p.id]: { ...entry[p.id], temperature: v ?? undefined } })}
                />
                <Checkbox checked={!!entry[p.id]?.mental} onChange={(e) => setEntry({ ...entry, [p.id]: { ...entry[p.id], mental: e.target.checked } })}>
                  {t('quarantine.mental')}
                </Checkbox>
                <Input
                  placeholder={t('quarantine.needs')}
                  value={entry[p.id]?.needs}
                  onChange={(e) => setEntry({ ...entry, [p.id]: { ...entry[p.id], needs: e.target.value } })}
                />
                <Button block type="primary" onClick={() => submit(p)}>
                  {t('quarantine.submit')}
                </Button>
              </Space>
            </Card>
          </List.Item>
        )}
      />
    </Space>
  );
}

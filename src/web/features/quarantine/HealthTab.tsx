import { App, Button, Card, Checkbox, Input, InputNumber, List, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFail } from './errors';
import { qApi, type Facility, type Placement, type SiteTask } from './api';

/** Phone-friendly daily checks for site staff, and the medical staff's task list. */
export function HealthTab({ facilities }: { facilities: Facility[] }) {
  const { t } = useTranslation();
  const fail = useFail();
  const { message } = App.useApp();
  const [facilityId, setFacilityId] = useState<string | undefined>(facilities.find((f) => f.type !== 'home')?.id);
  const [people, setPeople] = useState<Placement[]>([]);
  const [tasks, setTasks] = useState<SiteTask[]>([]);
  const [entry, setEntry] = useState<Record<string, { temperature?: number; mental?: boolean; needs?: string }>>({});
  const load = () => {
    if (!facilityId) return;
    void qApi.placements(facilityId, null).then((r) => setPeople(r.items));
    void qApi.tasks(facilityId).then((r) => setTasks(r.items));
  };
  useEffect(load, [facilityId]);
  useEffect(() => setFacilityId((f) => f ?? facilities.find((x) => x.type !== 'home')?.id), [facilities]);
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
        options={facilities.filter((f) => f.type !== 'home').map((f) => ({ value: f.id, label: f.name }))}
      />
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
        dataSource={people}
        grid={{ gutter: 8, xs: 1, sm: 2, lg: 3 }}
        renderItem={(p) => (
          <List.Item>
            <Card size="small" title={`${p.room ?? ''} ${p.name}`} extra={<Tag>D{p.daysServed}</Tag>}>
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

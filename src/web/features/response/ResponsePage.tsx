import { useTabParam } from '../../lib/tab-param';
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { IncidentsTab } from './IncidentsTab';
import { MonthlyTimeliness } from './MonthlyTimeliness';
import { MyTasks } from './MyTasks';
import { PlansTab } from './PlansTab';
import { RosterTab } from './RosterTab';
import './map-strings';
import './strings';

/** 应急处置: incidents (map and zones, timeline, task board, timeliness), plans, monthly timeliness, the duty roster (值班), my tasks. `?tab=mine` opens my tasks (a phone link). */
export default function ResponsePage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [tab, setTab] = useTabParam(can('response:write') ? 'incidents' : 'mine');
  const items = [
    { key: 'incidents', label: t('response.incidents'), children: <IncidentsTab /> },
    { key: 'plans', label: t('response.plans'), children: <PlansTab /> },
    can('response:read') ? { key: 'timeliness', label: t('monthly.tab'), children: <MonthlyTimeliness /> } : null,
    can('response:read') ? { key: 'roster', label: t('roster.tab'), children: <RosterTab /> } : null,
    can('response:task') ? { key: 'mine', label: t('response.mine'), children: <MyTasks /> } : null,
  ].filter((x) => x !== null);
  return (
    <Card title={t('response.title')} styles={{ body: { padding: 12 } }}>
      <Tabs activeKey={tab} onChange={setTab} destroyInactiveTabPane items={items} />
    </Card>
  );
}

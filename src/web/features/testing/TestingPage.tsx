import { Card, Tabs } from 'antd';
import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { useTabParam } from '../../lib/tab-param';
import '../people/strings';
import { testingApi, type Round } from './api';
import { BoxesTab, LabTab, OverdueTab, PlanTab, TimingTab } from './OpsTabs';
import { RechecksTab } from './RechecksTab';
import { RoundsTab } from './RoundsTab';
import { SamplingTab } from './SamplingTab';
import { SettingsTab } from './SettingsTab';
import './strings';

/** 核酸检测 采送检报: rounds and coverage, sampling, transport, lab, re-checks, timing, planning. */
export default function TestingPage() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const [tab, setTab] = useTabParam('rounds');
  const [rounds, setRounds] = useState<Round[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const load = () =>
    void testingApi.rounds().then((r) => {
      setRounds(r.items);
      setSelected((s) => s ?? r.items[0]?.id ?? null);
    });
  useEffect(load, []);
  const round = rounds.find((r) => r.id === selected) ?? null;
  const tabs = [
    { key: 'rounds', label: t('testing.rounds'), children: <RoundsTab round={round} rounds={rounds} onSelect={setSelected} onCreated={load} /> },
    can('testing:sample') && { key: 'sampling', label: t('testing.sampling'), children: <SamplingTab round={round} /> },
    can('testing:transport') && { key: 'boxes', label: t('testing.boxes'), children: <BoxesTab round={round} /> },
    can('testing:result') && { key: 'lab', label: t('testing.lab'), children: <LabTab /> },
    { key: 'rechecks', label: t('testing.rechecks'), children: <RechecksTab round={round} /> },
    { key: 'timing', label: t('testing.timing'), children: <TimingTab round={round} /> },
    { key: 'plan', label: t('testing.plan'), children: <PlanTab round={round} /> },
    { key: 'overdue', label: t('testing.overdue'), children: <OverdueTab /> },
    // City-wide settings (the pool size for new rounds) are for city-scoped users only.
    can('testing:manage') && user?.scope.includes('*') && { key: 'settings', label: t('testing.settings'), children: <SettingsTab /> },
  ].filter((x): x is { key: string; label: string; children: ReactElement } => !!x);
  return (
    <Card title={t('testing.title')}>
      <Tabs activeKey={tabs.some((x) => x.key === tab) ? tab : 'rounds'} onChange={setTab} items={tabs} destroyInactiveTabPane />
    </Card>
  );
}

import { useTabParam } from '../../lib/tab-param';
import { Card, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { qApi, type Facility } from './api';
import { CapacityTab } from './CapacityTab';
import { FacilitiesTab } from './FacilitiesTab';
import { HealthTab } from './HealthTab';
import { PlacementsTab } from './PlacementsTab';
import { RulesTab } from './rules/RulesTab';
import { visibleRuleKinds } from './rules/rules-model';
import { RoomsTab } from './RoomsTab';
import { TransfersTab } from './TransfersTab';
import './strings';
import './rules/rules-strings';

/** 隔离转运: facilities, room grid, placements, daily checks, transfers, capacity, the city-wide rules. */
export default function QuarantinePage() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const [facilities, setFacilities] = useState<Facility[]>([]);
  // ?tab=health opens the phone check-in page directly (a link site staff keep on their phones).
  const [tab, setTab] = useTabParam('facilities');
  const [facilityId, setFacilityId] = useState<string | null>(null);
  const load = () =>
    void qApi.facilities().then((r) => {
      setFacilities(r.items);
      setFacilityId((f) => f ?? r.items.find((x) => x.type !== 'home')?.id ?? null);
    });
  useEffect(load, []);
  const items = [
    {
      key: 'facilities',
      label: t('quarantine.facilities'),
      children: (
        <FacilitiesTab
          items={facilities}
          reload={load}
          onOpen={(id) => {
            setFacilityId(id);
            setTab('rooms');
          }}
        />
      ),
    },
    {
      key: 'rooms',
      label: t('quarantine.rooms'),
      children: <RoomsTab facilities={facilities} facilityId={facilityId} onChange={setFacilityId} reload={load} />,
    },
    { key: 'placements', label: t('quarantine.placements'), children: <PlacementsTab facilities={facilities} reload={load} /> },
    can('quarantine:healthcheck') ? { key: 'health', label: t('quarantine.health'), children: <HealthTab facilities={facilities} /> } : null,
    can('transfer:read') ? { key: 'transfers', label: t('quarantine.transfers'), children: <TransfersTab facilities={facilities} reload={load} /> } : null,
    { key: 'capacity', label: t('quarantine.capacity'), children: <CapacityTab /> },
    // The city-wide rules (issue 12), shown when the user may read at least one of the three sets.
    visibleRuleKinds(user).length ? { key: 'rules', label: t('qrules.tab'), children: <RulesTab /> } : null,
  ].filter((x) => x !== null);
  return (
    <Card title={t('quarantine.title')}>
      <Tabs activeKey={tab} onChange={setTab} destroyInactiveTabPane items={items} />
    </Card>
  );
}

import { useTabParam } from '../../lib/tab-param';
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { ArrivalsTab } from './ArrivalsTab';
import { CasesTab } from './CasesTab';
import { ChainTab } from './ChainTab';
import { NoticesTab } from './NoticesTab';
import { VenuesTab } from './VenuesTab';
import './strings';

/** 流调溯源: cases and contacts, chains, 协查 notices, arrivals, venues and back-tracing. */
export default function TracingPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useTabParam('cases');
  return (
    <Card title={t('tracing.title')}>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyInactiveTabPane
        items={[
          { key: 'cases', label: t('tracing.cases'), children: <CasesTab /> },
          { key: 'chains', label: t('tracing.chains'), children: <ChainTab /> },
          { key: 'notices', label: t('tracing.notices'), children: <NoticesTab /> },
          { key: 'arrivals', label: t('tracing.arrivals'), children: <ArrivalsTab /> },
          { key: 'venues', label: t('tracing.venues'), children: <VenuesTab /> },
        ]}
      />
    </Card>
  );
}

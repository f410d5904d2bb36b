import { Alert, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../app/auth';
import { ArrivalRulesCard } from './ArrivalRulesCard';
import { FrequencyRulesCard } from './FrequencyRulesCard';
import { PlacementRulesCard } from './PlacementRulesCard';
import { ruleMode } from './rules-model';
import './rules-strings';

/**
 * 规则 (`/quarantine?tab=rules`): the city-wide rules that were CLI/API-only — quarantine periods per
 * reason, arrival rules per risk level, testing frequency per person tag. Each card shows to the
 * readers of its capability; its owners (city-scoped) change it, everyone else reads it.
 */
export function RulesTab() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const quarantine = ruleMode(user, 'quarantine');
  const arrival = ruleMode(user, 'arrival');
  const frequency = ruleMode(user, 'frequency');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="rules-tab">
      <Alert type="info" showIcon message={t('qrules.intro')} />
      {quarantine !== 'none' && <PlacementRulesCard mode={quarantine} />}
      {arrival !== 'none' && <ArrivalRulesCard mode={arrival} />}
      {frequency !== 'none' && <FrequencyRulesCard mode={frequency} />}
    </Space>
  );
}

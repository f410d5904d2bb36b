import { Alert, Button, Card, Input, Radio, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportSummary, LoadTreeResult } from '../../../contract/areas';
import { post } from '../../api/client';
import { useFail } from '../../lib/errors';
import { useAuth } from '../../app/auth';
import { FileUpload } from '../../components/FileUpload';

/** The outcome of an all-or-nothing grid or building import, in the user's language. */
function ImportOutcome({ result, testId }: { result: ImportSummary; testId: string }) {
  const { t } = useTranslation();
  return result.written ? (
    <Alert type="success" data-testid={testId} message={t('areas.onboard.imported', { ...result })} />
  ) : (
    <Alert type="error" data-testid={testId} message={t('areas.onboard.refused', { rejected: result.rejected })} />
  );
}

/** Loading the official tree: a city-wide setting, shown to city-scoped users only (the server checks too). */
function LoadTree({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const fail = useFail();
  const [by, setBy] = useState<'districts' | 'city'>('districts');
  const [codes, setCodes] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<LoadTreeResult | null>(null);
  const load = async () => {
    const list = codes
      .split(/[,，\s]+/)
      .map((c) => c.trim())
      .filter(Boolean);
    setBusy(true);
    setResult(null);
    try {
      const r = await post<LoadTreeResult>('/areas/load', by === 'city' ? { city: list[0] ?? '' } : { districts: list });
      setResult(r);
      onChanged();
    } catch (e) {
      void fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('areas.onboard.loadTitle')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="info" message={t('areas.onboard.loadHelp')} />
        <Radio.Group value={by} onChange={(e) => setBy(e.target.value as 'districts' | 'city')}>
          <Radio value="districts">{t('areas.onboard.byDistricts')}</Radio>
          <Radio value="city">{t('areas.onboard.byCity')}</Radio>
        </Radio.Group>
        <Space.Compact style={{ width: '100%', maxWidth: 520 }}>
          <Input value={codes} onChange={(e) => setCodes(e.target.value)} placeholder={by === 'city' ? '3207' : '320706,320707'} data-testid="division-codes" />
          <Button type="primary" loading={busy} disabled={!codes.trim()} onClick={() => void load()} data-testid="load-districts">
            {t('areas.onboard.load')}
          </Button>
        </Space.Compact>
        {result && (
          <Alert
            type="success"
            data-testid="load-result"
            message={result.created === 0 ? t('areas.onboard.loadUnchanged', { ...result }) : t('areas.onboard.loaded', { ...result })}
          />
        )}
      </Space>
    </Card>
  );
}

/** 区域网格 › 导入: load the official tree, then upload grids (GeoJSON/CSV) and buildings (CSV). */
export function OnboardingPanel({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [grids, setGrids] = useState<ImportSummary | null>(null);
  const [buildings, setBuildings] = useState<ImportSummary | null>(null);
  const done = (set: (r: ImportSummary) => void) => (r: ImportSummary) => {
    set(r);
    if (r.written) onChanged();
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {user?.scope.includes('*') && <LoadTree onChanged={onChanged} />}
      <Card size="small" title={t('areas.onboard.gridsTitle')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="info" message={t('areas.onboard.gridsHelp')} />
          <FileUpload<ImportSummary> url="/areas/grids/import" accept=".csv,.xlsx,.geojson,.json" errorsOf={(r) => r.errors} onDone={done(setGrids)} />
          {grids && <ImportOutcome result={grids} testId="grids-result" />}
        </Space>
      </Card>
      <Card size="small" title={t('areas.onboard.buildingsTitle')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="info" message={t('areas.onboard.buildingsHelp')} />
          <FileUpload<ImportSummary> url="/areas/buildings/import" errorsOf={(r) => r.errors} onDone={done(setBuildings)} />
          {buildings && <ImportOutcome result={buildings} testId="buildings-result" />}
        </Space>
      </Card>
    </Space>
  );
}

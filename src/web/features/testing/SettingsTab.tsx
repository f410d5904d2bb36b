import { Alert, Card, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { testingApi, type PoolSuggestion } from './api';
import { useErrorText } from '../../lib/errors';
import './ops-strings';

/**
 * 设置 for city-wide users: the pool size (混采比例) to choose for new rounds. The API suggests it
 * for an expected prevalence (Dorfman) and keeps no city setting of its own, so this shows the
 * suggestion and its table; the size is then picked when a round is created.
 */
export function SettingsTab() {
  const { t } = useTranslation();
  const errorText = useErrorText('testingErrors');
  const [prevalence, setPrevalence] = useState(0.001);
  const [s, setS] = useState<PoolSuggestion | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    void testingApi
      .poolSize(prevalence)
      .then(setS)
      .catch((e: unknown) => setError(errorText(e)));
    // errorText is a fresh closure each render; the look-up depends on the prevalence only.
  }, [prevalence]);
  return (
    <Card size="small" title={t('testing.poolSizeTitle')} style={{ maxWidth: 560 }} data-testid="pool-size">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('testing.poolSizeHint')}</Typography.Text>
        <Space>
          {t('testing.prevalence')}
          <InputNumber value={prevalence} step={0.001} min={0} max={1} onChange={(v) => setPrevalence(v ?? 0)} data-testid="pool-prevalence" />
        </Space>
        {error && <Alert type="error" showIcon message={error} />}
        {s && (
          <Table
            size="small"
            rowKey="poolSize"
            pagination={false}
            dataSource={s.table}
            columns={[
              {
                title: t('testing.poolSize'),
                dataIndex: 'poolSize',
                render: (k: number) => (
                  <>
                    {k}合1 {k === s.poolSize && <Tag color="red">{t('testing.suggested')}</Tag>}
                  </>
                ),
              },
              { title: t('testing.testsPerPerson'), dataIndex: 'testsPerPerson', render: (v: number) => v.toFixed(3) },
            ]}
          />
        )}
      </Space>
    </Card>
  );
}

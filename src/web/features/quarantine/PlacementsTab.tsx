import { App, Button, Input, Select, Space, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { KeysetTable } from '../../components/KeysetTable';
import { qApi, fmtTime, type Facility, type Placement } from './api';

/** Live placements: days served, next test (record its result), release by rule or with a reason. */
export function PlacementsTab({ facilities, reload }: { facilities: Facility[]; reload: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const [facilityId, setFacilityId] = useState<string | undefined>();
  const [key, setKey] = useState(0);
  const fetchPage = useCallback((cursor: string | null) => qApi.placements(facilityId, cursor), [facilityId]);
  const act = (p: Promise<unknown>) =>
    void p.then(
      () => {
        setKey((k) => k + 1);
        reload();
      },
      (e: unknown) => void message.error(e instanceof ApiError ? e.message : String(e)),
    );
  const early = (p: Placement) => {
    let reason = '';
    modal.confirm({
      title: t('quarantine.override'),
      content: <Input onChange={(e) => (reason = e.target.value)} placeholder={t('quarantine.reason')} />,
      onOk: () => act(qApi.release(p.id, { override: true, reason })),
    });
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select
        allowClear
        style={{ width: 280 }}
        placeholder={t('quarantine.facility')}
        value={facilityId}
        onChange={setFacilityId}
        options={facilities.map((f) => ({ value: f.id, label: f.name }))}
      />
      <KeysetTable<Placement>
        rowKey="id"
        fetchPage={fetchPage}
        reloadKey={`${facilityId ?? ''}-${key}`}
        columns={[
          { title: t('quarantine.person'), render: (_, p) => `${p.name} ${p.doc_masked}` },
          { title: t('quarantine.reason'), dataIndex: 'reason', render: (v: string) => t(`quarantine.reasons.${v}`) },
          { title: t('quarantine.facility'), render: (_, p) => `${p.facility}${p.room ? ` ${p.room}` : ''}` },
          { title: t('quarantine.daysServed'), dataIndex: 'days_served' },
          { title: t('quarantine.siteEnd'), dataIndex: 'site_end', render: fmtTime },
          {
            title: t('quarantine.nextTest'),
            key: 'nt',
            render: (_, p) =>
              p.next_test && (
                <Space>
                  <Tag color={p.test_overdue ? 'red' : 'blue'}>
                    {p.next_test.phase === 'home' ? '居家' : ''}D{p.next_test.day} {p.next_test.due_date}
                  </Tag>
                  {can('quarantine:healthcheck') && (
                    <Button size="small" onClick={() => act(qApi.recordTest(p.id, p.next_test?.day ?? 0, p.next_test?.phase ?? 'site', 'negative'))}>
                      {t('quarantine.negative')}
                    </Button>
                  )}
                  {can('quarantine:healthcheck') && (
                    <Button size="small" danger onClick={() => act(qApi.recordTest(p.id, p.next_test?.day ?? 0, p.next_test?.phase ?? 'site', 'positive'))}>
                      {t('quarantine.positive')}
                    </Button>
                  )}
                </Space>
              ),
          },
          {
            title: '',
            key: 'a',
            render: (_, p) =>
              can('quarantine:write') &&
              (p.releasable ? (
                <Button size="small" type="primary" onClick={() => act(qApi.release(p.id, {}))}>
                  {t('quarantine.release')}
                </Button>
              ) : (
                <Button size="small" onClick={() => early(p)}>
                  {t('quarantine.release')}…
                </Button>
              )),
          },
        ]}
      />
    </Space>
  );
}

import { App, Button, Input, Select, Space, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { KeysetTable } from '../../components/KeysetTable';
import { PrintButton } from '../../components/PrintButton';
import { documentPaths } from '../../../contract/document-paths';
import { useFail } from '../../lib/errors';
import { qApi, fmtTime, type Facility, type Placement, type PlacementReason } from './api';
import { destinationOptions, useDestinations } from './destinations';

/** Live placements: days served, next test (record its result), release by rule or with a reason. */
export function PlacementsTab({ facilities, reload }: { facilities: Facility[]; reload: () => void }) {
  const { t } = useTranslation();
  const fail = useFail('quarantine.errors');
  const { can } = useAuth();
  const { modal } = App.useApp();
  const destinations = useDestinations(can('transfer:write'));
  const [facilityId, setFacilityId] = useState<string | undefined>();
  // 在管 (live) or 已解除 (released, where the release certificate is printed).
  const [status, setStatus] = useState<'live' | 'released'>('live');
  const [key, setKey] = useState(0);
  const fetchPage = useCallback((cursor: string | null) => qApi.placements(facilityId, cursor, status), [facilityId, status]);
  const act = (p: Promise<unknown>) =>
    void p.then(() => {
      setKey((k) => k + 1);
      reload();
    }, fail);
  const history = (p: Placement) =>
    void qApi.checks(p.id).then(
      (r) =>
        void modal.info({
          title: `${t('quarantine.history')} · ${p.name}`,
          content: r.items.length ? (
            <div data-testid="check-history">
              {r.items.map((c) => (
                <div key={c.id}>
                  {c.checkDate} <Tag color={c.temperature >= 37.3 ? 'red' : 'green'}>{c.temperature.toFixed(1)} °C</Tag>
                  <small>
                    {t('quarantine.checkedBy')} {c.recordedBy}
                  </small>
                </div>
              ))}
            </div>
          ) : (
            t('quarantine.noChecks')
          ),
        }),
      fail,
    );
  // A site's staff move someone onward (a positive in-stay test → designated hospital); the placement moves on arrival.
  const transferOut = (p: Placement) => {
    let to: string | undefined;
    let reason: PlacementReason = 'case';
    modal.confirm({
      title: `${t('quarantine.transferTo')} · ${p.name}`,
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            style={{ width: '100%' }}
            placeholder={t('quarantine.to')}
            onChange={(v: string) => (to = v)}
            popupMatchSelectWidth={false}
            options={destinationOptions(destinations, t, p.facilityId)}
          />
          <Select
            style={{ width: '100%' }}
            defaultValue={reason}
            onChange={(v: PlacementReason) => (reason = v)}
            options={['case', 'close-contact', 'positive-pool'].map((v) => ({ value: v, label: t(`quarantine.reasons.${v}`) }))}
          />
        </Space>
      ),
      onOk: () => act(qApi.requestTransfer({ personIds: [p.personId], toFacilityId: to as string, reason })),
    });
  };
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
      <Select
        style={{ width: 160 }}
        value={status}
        onChange={setStatus}
        data-testid="placement-status"
        options={[
          { value: 'live', label: t('quarantine.statusLive') },
          { value: 'released', label: t('quarantine.statusReleased') },
        ]}
      />
      <KeysetTable<Placement>
        rowKey="id"
        fetchPage={fetchPage}
        reloadKey={`${facilityId ?? ''}-${status}-${key}`}
        columns={[
          {
            title: t('quarantine.person'),
            render: (_, p) => (
              <Space size={4} wrap>
                {`${p.name} ${p.docMasked}`}
                {!p.writable && <Tag data-testid="read-only">{t('quarantine.readOnly')}</Tag>}
                <Button size="small" type="link" onClick={() => history(p)}>
                  {t('quarantine.history')}
                </Button>
                <PrintButton href={documentPaths.quarantineNotice(p.id)} label="notice" testId={`print-notice-${p.id}`} />
                {p.status === 'released' && p.endedReason !== 'transferred' && (
                  <PrintButton href={documentPaths.releaseCertificate(p.id)} label="release" testId={`print-release-${p.id}`} />
                )}
              </Space>
            ),
          },
          { title: t('quarantine.reason'), dataIndex: 'reason', render: (v: string) => t(`quarantine.reasons.${v}`) },
          { title: t('quarantine.facility'), render: (_, p) => `${p.facility}${p.room ? ` ${p.room}` : ''}` },
          { title: t('quarantine.daysServed'), dataIndex: 'daysServed' },
          // A released placement shows when and how it ended instead of when the site stay was planned to.
          status === 'live'
            ? { title: t('quarantine.siteEnd'), key: 'end', render: (_, p) => fmtTime(p.siteEnd) }
            : {
                title: t('quarantine.releasedAt'),
                key: 'end',
                render: (_, p) => (
                  <Space size={4}>
                    {p.releasedAt && fmtTime(p.releasedAt)}
                    {p.endedReason && <Tag>{t(`quarantine.ended.${p.endedReason}`)}</Tag>}
                  </Space>
                ),
              },
          {
            title: t('quarantine.nextTest'),
            key: 'nt',
            render: (_, p) =>
              p.nextTest && (
                <Space>
                  <Tag color={p.testOverdue ? 'red' : 'blue'}>
                    {p.nextTest.phase === 'home' ? '居家' : ''}D{p.nextTest.day} {p.nextTest.dueDate}
                  </Tag>
                  {can('quarantine:healthcheck') && p.writable && (
                    <Button size="small" onClick={() => act(qApi.recordTest(p.id, p.nextTest?.day ?? 0, p.nextTest?.phase ?? 'site', 'negative'))}>
                      {t('quarantine.negative')}
                    </Button>
                  )}
                  {can('quarantine:healthcheck') && p.writable && (
                    <Button size="small" danger onClick={() => act(qApi.recordTest(p.id, p.nextTest?.day ?? 0, p.nextTest?.phase ?? 'site', 'positive'))}>
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
              p.writable &&
              p.status === 'live' && (
                <Space size={4}>
                  {p.releasable ? (
                    <Button size="small" type="primary" onClick={() => act(qApi.release(p.id, {}))}>
                      {t('quarantine.release')}
                    </Button>
                  ) : (
                    <Button size="small" onClick={() => early(p)}>
                      {t('quarantine.release')}…
                    </Button>
                  )}
                  {can('transfer:write') && (
                    <Button size="small" onClick={() => transferOut(p)}>
                      {t('quarantine.transferOut')}…
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
    </Space>
  );
}

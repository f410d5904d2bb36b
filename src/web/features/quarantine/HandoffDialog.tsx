import { Alert, Button, Checkbox, Input, InputNumber, Modal, Select, Space, Table, Tag, type SelectProps } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { placementReasons, type PlacementReason } from '../../../contract/quarantine';
import { ApiError } from '../../api/client';
import { qApi, type Facility } from './api';
import { destinationOptions, useDestinations } from './destinations';
import { errorText } from '../../lib/errors';
import './handoff-strings';
import './strings';

/** One selected person: `key` is the row the caller acts by (a contact id, a re-check id, a person id). */
export interface HandoffPerson {
  key: string;
  personId: string;
  label: string;
  minor?: boolean;
}

export type HandoffAction = 'place' | 'transfer';

export interface HandoffRequest {
  people: HandoffPerson[];
  facilityId?: string;
  reason?: PlacementReason;
  deadlineHours?: number;
  carers: Array<{ personId: string; carer: string }>;
  dependants: string[];
}

/** What the server answered, per selected row: placed somewhere, or refused with a code. */
export interface HandoffAnswer {
  placed: Array<{ key: string; facilityId: string; room: string | null }>;
  refused: Array<{ key: string; code: string; reason: string }>;
  /** Transfer requests: the rows whose transfer was requested. */
  requested?: string[];
}

interface Props {
  action: HandoffAction;
  people: HandoffPerson[];
  /** Ask for the placement reason (a list of people); contacts derive it from their class. */
  askReason?: boolean;
  defaultReason?: PlacementReason;
  submit: (r: HandoffRequest) => Promise<HandoffAnswer>;
  onClose: (changed: boolean) => void;
}

type Outcome = { state: 'placed' | 'requested' | 'refused'; text: string };

/**
 * 安排隔离 / 安排转运 of selected people, no ID number typed: pick a site, name a guardian or carer for
 * a minor or dependant, see the answer person by person. Placing keeps its good rows (the server
 * places whom it can); a transfer request is all-or-nothing — the dialog says which, as the server does.
 */
export function HandoffDialog({ action, people, askReason, defaultReason, submit, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const [facilities, setFacilities] = useState<Facility[]>([]);
  const [facilityId, setFacilityId] = useState<string | undefined>();
  const [reason, setReason] = useState<PlacementReason | undefined>(defaultReason);
  const [deadline, setDeadline] = useState<number | null>(null);
  const [carers, setCarers] = useState<Record<string, string>>({});
  const [dependants, setDependants] = useState<Set<string>>(new Set());
  // People the server said need a guardian or carer (the minor rule), besides those flagged minor.
  const [needCare, setNeedCare] = useState<Set<string>>(new Set());
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => void (action === 'place' && qApi.facilities().then((r) => setFacilities(r.items))), [action]);
  const destinations = useDestinations(action === 'transfer');
  const siteName = useMemo(() => new Map(facilities.map((f) => [f.id, f.name])), [facilities]);
  const pending = people.filter((p) => outcomes[p.key]?.state !== 'placed' && outcomes[p.key]?.state !== 'requested');
  const caring = (p: HandoffPerson) => p.minor || dependants.has(p.personId) || needCare.has(p.personId);
  const codeText = (code: string, reason: string) => (i18n.exists(`quarantine.handoff.codes.${code}`) ? t(`quarantine.handoff.codes.${code}`) : reason);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await submit({
        people: pending,
        facilityId,
        reason,
        deadlineHours: deadline ?? undefined,
        carers: pending
          .filter((p) => (carers[p.personId] ?? '').trim().length >= 2)
          .map((p) => ({ personId: p.personId, carer: (carers[p.personId] ?? '').trim() })),
        dependants: pending.filter((p) => dependants.has(p.personId)).map((p) => p.personId),
      });
      const next: Record<string, Outcome> = { ...outcomes };
      for (const p of answer.placed)
        next[p.key] = { state: 'placed', text: t('quarantine.handoff.placedAt', { facility: siteName.get(p.facilityId) ?? '', room: p.room ?? '' }) };
      for (const k of answer.requested ?? []) next[k] = { state: 'requested', text: t('quarantine.handoff.requested') };
      for (const r of answer.refused) next[r.key] = { state: 'refused', text: codeText(r.code, r.reason) };
      const guardian = answer.refused.filter((r) => r.code === 'NEEDS_GUARDIAN').map((r) => people.find((p) => p.key === r.key)?.personId);
      setNeedCare(new Set([...needCare, ...guardian.filter((x): x is string => !!x)]));
      setOutcomes(next);
    } catch (e) {
      // A transfer is all-or-nothing: the refusal names the people it is about (NEEDS_GUARDIAN, NOT_CONFIRMED, TRANSFER_EXISTS).
      const named = e instanceof ApiError && Array.isArray(e.details.personIds) ? (e.details.personIds as string[]) : [];
      if (e instanceof ApiError && e.code === 'NEEDS_GUARDIAN') setNeedCare(new Set([...needCare, ...named]));
      const own = e instanceof ApiError && i18n.exists(`quarantine.handoff.errors.${e.code}`);
      setError(own ? t(`quarantine.handoff.errors.${e.code}`) : errorText(e, t, (k) => i18n.exists(k), 'quarantine.errors'));
    } finally {
      setBusy(false);
    }
  };

  const done = Object.keys(outcomes).length > 0;
  const siteOptions: SelectProps['options'] =
    action === 'transfer'
      ? destinationOptions(destinations, t)
      : facilities.filter((f) => f.mode === 'active').map((f) => ({ value: f.id, label: `${f.name}（${t('quarantine.free')} ${f.roomsFree}）` }));
  const ready = pending.length > 0 && (action === 'place' || !!facilityId) && (!askReason || !!reason);
  return (
    <Modal
      open
      width={760}
      title={`${t(`quarantine.handoff.${action}`)} · ${t('quarantine.handoff.selected', { n: people.length })}`}
      onCancel={() => onClose(done)}
      footer={
        <Space>
          <Button onClick={() => onClose(done)}>{t('quarantine.handoff.close')}</Button>
          <Button type="primary" loading={busy} disabled={!ready} onClick={() => void send()} data-testid="handoff-submit">
            {done && action === 'place' ? t('quarantine.handoff.retry') : t(`quarantine.handoff.${action === 'place' ? 'submitPlace' : 'submitTransfer'}`)}
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t(`quarantine.handoff.${action === 'place' ? 'keepsGood' : 'allOrNothing'}`)} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear={action === 'place'}
          style={{ width: 300 }}
          aria-label={t(`quarantine.handoff.${action === 'place' ? 'facility' : 'to'}`)}
          placeholder={action === 'place' ? t('quarantine.handoff.facilityAuto') : t('quarantine.handoff.to')}
          value={facilityId}
          onChange={setFacilityId}
          options={siteOptions}
        />
        {askReason && (
          <Select<PlacementReason>
            style={{ width: 140 }}
            placeholder={t('quarantine.handoff.reason')}
            value={reason}
            onChange={setReason}
            options={placementReasons.map((v) => ({ value: v, label: t(`quarantine.reasons.${v}`) }))}
          />
        )}
        {action === 'transfer' && (
          <InputNumber min={1} max={72} placeholder={t('quarantine.handoff.deadlineHours')} value={deadline} onChange={setDeadline} style={{ width: 130 }} />
        )}
      </Space>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={error} data-testid="handoff-error" />}
      {people.some(caring) && <Alert type="warning" style={{ marginBottom: 12 }} message={t('quarantine.handoff.carerHint')} />}
      <Table<HandoffPerson>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={people}
        scroll={{ y: 360 }}
        data-testid="handoff-people"
        columns={[
          {
            title: t('quarantine.handoff.people'),
            render: (_, p) => (
              <Space size={4}>
                {p.label}
                {p.minor && <Tag color="magenta">{t('quarantine.handoff.minor')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('quarantine.handoff.carer'),
            width: 260,
            render: (_, p) =>
              outcomes[p.key]?.state === 'placed' || outcomes[p.key]?.state === 'requested' ? null : (
                <Space size={4}>
                  {!p.minor && (
                    <Checkbox
                      checked={dependants.has(p.personId)}
                      onChange={(e) => {
                        const s = new Set(dependants);
                        if (e.target.checked) s.add(p.personId);
                        else s.delete(p.personId);
                        setDependants(s);
                      }}
                    >
                      {t('quarantine.handoff.dependant')}
                    </Checkbox>
                  )}
                  {caring(p) && (
                    <Input
                      size="small"
                      style={{ width: 140 }}
                      placeholder={t('quarantine.handoff.carer')}
                      aria-label={`${t('quarantine.handoff.carer')} ${p.label}`}
                      status={needCare.has(p.personId) && !(carers[p.personId] ?? '').trim() ? 'error' : undefined}
                      value={carers[p.personId] ?? ''}
                      onChange={(e) => setCarers({ ...carers, [p.personId]: e.target.value })}
                    />
                  )}
                </Space>
              ),
          },
          {
            title: t('quarantine.handoff.result'),
            render: (_, p) => {
              const o = outcomes[p.key];
              if (!o) return null;
              return (
                <Tag color={o.state === 'refused' ? 'red' : 'green'}>{o.state === 'refused' ? `${t('quarantine.handoff.refused')}：${o.text}` : o.text}</Tag>
              );
            },
          },
        ]}
      />
    </Modal>
  );
}

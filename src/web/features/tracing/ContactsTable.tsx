import { App, Button, Dropdown, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactListItem } from '../../../contract/tracing';
import { useAuth } from '../../app/auth';
import { HandoffDialog, type HandoffAction, type HandoffAnswer, type HandoffPerson, type HandoffRequest } from '../quarantine/HandoffDialog';
import '../quarantine/handoff-strings';
import '../people/strings';
import { fmtTime, tracingApi } from './api';

type Cls = ContactListItem['class'];
const PLACED_CLASSES: readonly Cls[] = ['close', 'secondary'];

interface Props {
  contacts: ContactListItem[];
  /** Run a write and reload the drawer (errors shown there). */
  run: (p: Promise<unknown>) => void;
  reload: () => void;
  onHandedOff: (n: number) => void;
}

/**
 * A case's contacts with row selection (issue 12, hand-offs): decide the selected in one go
 * (all-or-nothing), 安排隔离 (keeps its good rows) or 安排转运 (all-or-nothing) — by contact id,
 * the person never retyped. A minor is flagged so a guardian or carer is named with them.
 */
export function ContactsTable({ contacts, run, reload, onHandedOff }: Props) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { modal } = App.useApp();
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<HandoffAction | null>(null);
  const write = can('tracing:write');
  const arrange = can('quarantine:arrange');
  const chosen = contacts.filter((c) => selected.includes(c.id));
  const placeable = chosen.length > 0 && chosen.every((c) => c.status === 'confirmed' && PLACED_CLASSES.includes(c.class));
  const oneClass = new Set(chosen.map((c) => c.class)).size === 1;

  const dismiss = (ids: string[]) => {
    let reason = '';
    modal.confirm({
      title: t('tracing.dismiss'),
      content: <Input placeholder={t('tracing.reason')} onChange={(e) => (reason = e.target.value)} />,
      onOk: () =>
        run(ids.length === 1 ? tracingApi.decide(ids[0] ?? '', { decision: 'dismiss', reason }) : tracingApi.decideMany({ ids, decision: 'dismiss', reason })),
    });
  };
  const decideSelected = (key: string) => {
    if (key === 'dismiss') return dismiss(selected);
    run(tracingApi.decideMany({ ids: selected, decision: 'confirm', class: key as Cls }).then(() => setSelected([])));
  };

  const people: HandoffPerson[] = chosen.map((c) => ({ key: c.id, personId: c.personId, label: `${c.name} ${c.idNumberMasked}`, minor: c.minor }));
  const submit = async (r: HandoffRequest): Promise<HandoffAnswer> => {
    const contactIds = r.people.map((p) => p.key);
    const care = { carers: r.carers, dependants: r.dependants };
    if (dialog === 'transfer') {
      await tracingApi.transferContacts({ contactIds, toFacilityId: r.facilityId ?? '', deadlineHours: r.deadlineHours, ...care });
      return { placed: [], refused: [], requested: contactIds };
    }
    const out = await tracingApi.placeContacts({ contactIds, facilityId: r.facilityId, ...care });
    const byPerson = new Map(r.people.map((p) => [p.personId, p.key]));
    return {
      placed: out.placed.map((p) => ({ key: byPerson.get(p.personId) ?? p.personId, facilityId: p.facilityId, room: p.room })),
      refused: out.problems.map((p) => ({ key: p.contactId, code: p.code, reason: p.reason })),
    };
  };
  const why = !placeable ? t('quarantine.handoff.notSelectable') : undefined;

  return (
    <>
      {(write || arrange) && (
        <Space wrap style={{ marginBottom: 8 }} data-testid="contacts-bulk">
          <Typography.Text type="secondary">{t('quarantine.handoff.selected', { n: chosen.length })}</Typography.Text>
          {write && (
            <Tooltip title={t('quarantine.handoff.decideAllOrNothing')}>
              <Dropdown
                disabled={chosen.length === 0}
                menu={{
                  onClick: ({ key }) => decideSelected(key),
                  items: [
                    ...(['close', 'secondary', 'companion'] as const).map((v) => ({ key: v, label: `${t('tracing.confirm')}：${t(`tracing.classes.${v}`)}` })),
                    { key: 'dismiss', label: t('tracing.dismiss'), danger: true },
                  ],
                }}
              >
                <Button>{t('tracing.bulkDecide')}</Button>
              </Dropdown>
            </Tooltip>
          )}
          {arrange && (
            <Tooltip title={why}>
              <Button type="primary" disabled={!placeable} onClick={() => setDialog('place')}>
                {t('quarantine.handoff.place')}
              </Button>
            </Tooltip>
          )}
          {arrange && (
            <Tooltip title={why ?? (!oneClass ? t('quarantine.handoff.oneClass') : undefined)}>
              <Button disabled={!placeable || !oneClass} onClick={() => setDialog('transfer')}>
                {t('quarantine.handoff.transfer')}
              </Button>
            </Tooltip>
          )}
        </Space>
      )}
      <Table<ContactListItem>
        rowKey="id"
        size="small"
        dataSource={contacts}
        pagination={{ pageSize: 20 }}
        scroll={{ x: true }}
        rowSelection={write || arrange ? { selectedRowKeys: selected, onChange: (k) => setSelected(k.map(String)) } : undefined}
        columns={[
          {
            title: t('tracing.person'),
            render: (_, r) => (
              <Space size={4}>
                {`${r.name} ${r.idNumberMasked}`}
                {r.minor && <Tag color="magenta">{t('quarantine.handoff.minor')}</Tag>}
              </Space>
            ),
          },
          { title: t('tracing.type'), dataIndex: 'class', render: (v: string) => t(`tracing.classes.${v}`) },
          { title: t('tracing.source'), dataIndex: 'source', render: (v: string) => t(`tracing.sources.${v}`) },
          { title: t('tracing.venueCode'), dataIndex: 'venueCode' },
          {
            title: t('tracing.overlap'),
            render: (_, r) => r.overlapStart && `${fmtTime(r.overlapStart)}${r.overlapEnd !== r.overlapStart ? ` – ${fmtTime(r.overlapEnd)}` : ''}`,
          },
          { title: t('tracing.gap'), dataIndex: 'gapMinutes' },
          {
            title: t('tracing.status'),
            dataIndex: 'status',
            render: (v: string) => <Tag color={v === 'confirmed' ? 'red' : v === 'dismissed' ? 'default' : 'orange'}>{t(`tracing.contactStatuses.${v}`)}</Tag>,
          },
          { title: t('tracing.controlStatus'), dataIndex: 'controlStatus', render: (v: string) => t(`people.statuses.${v}`, { defaultValue: v }) },
          {
            title: '',
            key: 'a',
            render: (_, r) =>
              write && (
                <Space>
                  {r.status === 'candidate' && (
                    <Select
                      size="small"
                      style={{ width: 110 }}
                      placeholder={t('tracing.confirm')}
                      value={null}
                      onChange={(cls: Cls) => run(tracingApi.decide(r.id, { decision: 'confirm', class: cls }))}
                      options={['close', 'secondary', 'companion'].map((v) => ({ value: v, label: t(`tracing.classes.${v}`) }))}
                    />
                  )}
                  {r.status !== 'dismissed' && (
                    <Button size="small" onClick={() => dismiss([r.id])}>
                      {t('tracing.dismiss')}
                    </Button>
                  )}
                  {r.status === 'confirmed' && r.class === 'close' && (
                    <Popconfirm title={t('tracing.findSecondary')} onConfirm={() => run(tracingApi.secondary(r.id).then((x) => onHandedOff(x.handedOff)))}>
                      <Button size="small">{t('tracing.findSecondary')}</Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
          },
        ]}
      />
      {dialog && (
        <HandoffDialog
          action={dialog}
          people={people}
          submit={submit}
          onClose={(changed) => {
            setDialog(null);
            if (changed) {
              setSelected([]);
              reload();
            }
          }}
        />
      )}
    </>
  );
}

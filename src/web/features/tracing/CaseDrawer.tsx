import { App, Button, Descriptions, Drawer, Form, Input, Space, Table, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFail } from '../../lib/errors';
import { useAuth } from '../../app/auth';
import { Countdown } from '../../components/Countdown';
import type { CaseDetail, ContactListItem } from '../../../contract/tracing';
import { tracingApi, fmtTime } from './api';
import { ContactsTable } from './ContactsTable';
import { TrajectoryMap } from './TrajectoryMap';

/** One case: the clock, the trajectory timeline, span entry, the candidate review queue and contacts. */
export function CaseDrawer({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const { message, modal } = App.useApp();
  const fail = useFail();
  const [c, setC] = useState<CaseDetail | null>(null);
  const [contacts, setContacts] = useState<ContactListItem[]>([]);
  // Contacts of this case living in other areas: handed off there, shown here only as a number.
  const [elsewhere, setElsewhere] = useState(0);
  const [busy, setBusy] = useState(false);
  const load = () => {
    void tracingApi.case(caseId).then(setC);
    void tracingApi.contacts(caseId).then((r) => {
      setContacts(r.items);
      setElsewhere(r.elsewhere ?? 0);
    });
  };
  useEffect(load, [caseId]);
  const run = (p: Promise<unknown>) => {
    setBusy(true);
    void p.then(load, fail).finally(() => setBusy(false));
  };
  const write = can('tracing:write');
  const handedOffNote = (n: number) => void (n > 0 && message.info(t('tracing.handedOff', { n })));
  // The cross-area read of the case's epidemiologist (server rule; every read audited there).
  const showElsewhere = () =>
    void tracingApi.contactsElsewhere(caseId).then(
      (r) =>
        void modal.info({
          width: 720,
          title: t('tracing.elsewhereRead'),
          content: (
            <div>
              <Typography.Paragraph type="secondary">{t('tracing.elsewhereReadHint')}</Typography.Paragraph>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={r.items}
                columns={[
                  { title: t('tracing.person'), render: (_, x) => `${x.name} ${x.idNumberMasked}` },
                  { title: t('tracing.area'), dataIndex: 'areaCode' },
                  { title: t('tracing.status'), dataIndex: 'status', render: (v: string) => t(`tracing.contactStatuses.${v}`) },
                ]}
              />
            </div>
          ),
        }),
      fail,
    );
  if (!c) return <Drawer open width={1000} onClose={onClose} loading />;
  return (
    <Drawer
      open
      width={Math.min(1100, window.innerWidth)}
      onClose={onClose}
      title={`${c.code} ${c.person.name} ${c.person.idNumberMasked}`}
      extra={
        <Space>
          <Countdown deadline={c.clock.due} done={c.clock.done} />
          {write && !c.clock.done && <Button onClick={() => run(tracingApi.complete(c.id))}>{t('tracing.complete')}</Button>}
          <Button
            onClick={() =>
              void tracingApi.publicNotice(c.id).then((n) => {
                modal.info({
                  width: 640,
                  title: t('tracing.publicNotice'),
                  content: (
                    <div>
                      <p>{n.who}</p>
                      {n.places.map((p, i) => (
                        <p key={i}>
                          {fmtTime(p.from)} – {fmtTime(p.to)} {p.place}
                        </p>
                      ))}
                    </div>
                  ),
                });
              })
            }
          >
            {t('tracing.publicNotice')}
          </Button>
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={3}
        items={[
          { key: 't', label: t('tracing.type'), children: t(`tracing.types.${c.type}`) },
          { key: 'f', label: t('tracing.foundBy'), children: t(`tracing.found.${c.foundBy}`) },
          { key: 'i', label: t('tracing.insideControl'), children: c.insideControl ? t('tracing.inside') : t('tracing.outside') },
          // Each date under its own name: an asymptomatic case has a sampling date, no onset (issue 12).
          { key: 'o', label: t('tracing.onset'), children: c.onsetDate ?? '—' },
          { key: 's', label: t('tracing.sampling'), children: c.samplingDate ?? '—' },
          { key: 'l', label: t('tracing.lookback'), children: fmtTime(c.lookbackStart) },
          { key: 'r', label: t('tracing.reported'), children: fmtTime(c.reportedAt) },
        ]}
      />
      <Typography.Title level={5}>{t('tracing.trajectory')}</Typography.Title>
      <TrajectoryMap spans={c.trajectory} />
      <Timeline
        items={c.trajectory.map((s) => ({
          color: s.source === 'checkin' ? 'blue' : 'green',
          children: (
            <span>
              {fmtTime(s.startsAt)}
              {s.endsAt !== s.startsAt && ` – ${fmtTime(s.endsAt)}`} <b>{s.place ?? s.venueCode}</b> {s.venueCode && <Tag>{s.venueCode}</Tag>}
              <Tag>{t(`tracing.sources.${s.source}`)}</Tag>
              {s.transport}
            </span>
          ),
        }))}
      />
      {write && (
        <Form
          layout="inline"
          style={{ marginBottom: 16 }}
          onFinish={(v: { venueCode?: string; place?: string; startsAt: string; endsAt: string; transport?: string }) =>
            run(tracingApi.addSpan(c.id, { ...v, startsAt: new Date(v.startsAt).toISOString(), endsAt: new Date(v.endsAt).toISOString() }))
          }
        >
          <Form.Item name="venueCode">
            <Input placeholder={t('tracing.venueCode')} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="place">
            <Input placeholder={t('tracing.place')} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="startsAt" rules={[{ required: true }]}>
            <Input type="datetime-local" aria-label={t('tracing.from')} />
          </Form.Item>
          <Form.Item name="endsAt" rules={[{ required: true }]}>
            <Input type="datetime-local" aria-label={t('tracing.to')} />
          </Form.Item>
          <Form.Item name="transport">
            <Input placeholder={t('tracing.transport')} style={{ width: 120 }} />
          </Form.Item>
          <Button htmlType="submit">{t('tracing.addSpan')}</Button>
        </Form>
      )}
      <Space style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('tracing.candidates')}
        </Typography.Title>
        {write && (
          <Button type="primary" loading={busy} onClick={() => run(tracingApi.trace(c.id).then((r) => handedOffNote(r.handedOff)))}>
            {t('tracing.trace')}
          </Button>
        )}
        {elsewhere > 0 && (
          <Tooltip title={t('tracing.handedOffHint')}>
            <Tag color="purple" data-testid="handed-off">
              {t('tracing.handedOff', { n: elsewhere })}
            </Tag>
          </Tooltip>
        )}
        {elsewhere > 0 && user?.role === 'epidemiologist' && (
          <Button size="small" onClick={showElsewhere}>
            {t('tracing.elsewhereRead')}
          </Button>
        )}
        {write && (
          // Contacts named in the interview (family, colleagues) are added by hand, then confirmed like the others.
          <Form layout="inline" onFinish={(v: { idNumber: string; note?: string }) => run(tracingApi.addContact(c.id, { idNumber: v.idNumber, note: v.note }))}>
            <Form.Item name="idNumber" rules={[{ required: true }]} style={{ marginRight: 4 }}>
              <Input placeholder={t('tracing.idNumber')} style={{ width: 190 }} />
            </Form.Item>
            <Form.Item name="note" style={{ marginRight: 4 }}>
              <Input placeholder={t('tracing.peopleMet')} style={{ width: 140 }} />
            </Form.Item>
            <Button htmlType="submit">{t('tracing.addContact')}</Button>
          </Form>
        )}
      </Space>
      <ContactsTable contacts={contacts} run={run} reload={load} onHandedOff={handedOffNote} />
    </Drawer>
  );
}

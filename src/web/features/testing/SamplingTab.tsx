import { Alert, Button, Card, Form, Input, List, Modal, QRCode, Select, Space, Tag, Typography, type InputRef } from 'antd';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api/client';
import { useErrorText } from '../../lib/errors';
import type { IngestResultWire, WalkInResult } from '../../../contract/sampling';
import type { Round } from './api';
import { testingApi } from './api';
import { beep } from './scan/beeps';
import { classifyScan, maskScan, type PersonScan } from './scan/classify';
import { applyIngest, loadQueue, newClientId, nextUpload, saveQueue, type QueueItem, type SampleItem } from './scan/queue';
import {
  closeTube,
  initialFill,
  onRefused,
  onScan,
  onWalkInAccepted,
  openShortTubes,
  type Effect,
  type FillState,
  type Level,
  type Step,
} from './scan/tube-filling';
import './scan/strings';

interface Site {
  code: string;
  name: string;
  areaCode: string;
}
interface Shown {
  level: Level;
  text: string;
}
const COLOURS: Record<Level, { bg: string; border: string }> = {
  ok: { bg: '#f6ffed', border: '#52c41a' },
  warn: { bg: '#fff7e6', border: '#fa8c16' },
  error: { bg: '#fff1f0', border: '#f5222d' },
};
const fillKey = (roundId: string, site: string) => `epigrid.sampling.fill.v1.${roundId}.${site}`;
function loadFill(roundId: string, site: string, pool: number): FillState {
  try {
    const s = JSON.parse(localStorage.getItem(fillKey(roundId, site)) ?? 'null') as FillState | null;
    return s && s.poolSize === pool ? s : initialFill(pool);
  } catch {
    return initialFill(pool);
  }
}

/**
 * The sampling page for a site's phone or desk with a hand scanner (which types a code and Enter).
 * One input takes every scan; each is classified by shape (scan/classify.ts) and fed to the
 * tube-filling state machine (scan/tube-filling.ts), so either order works and the 11th person
 * of a 10合1 tube goes to the next tube. Every scan is queued in localStorage before its beep
 * (scan/queue.ts) and uploaded in order with its client id, so a reload or an offline spell loses
 * nothing and a re-sent batch creates nothing twice. A not-registered scan opens 现场登记 with F2.
 */
export function SamplingTab({ round }: { round: Round | null }) {
  const { t } = useTranslation();
  const errorText = useErrorText('testingErrors');
  const [site, setSite] = useState<string | undefined>();
  const [sites, setSites] = useState<Site[]>([]);
  const [fill, setFill] = useState<FillState | null>(null);
  const fillRef = useRef<FillState | null>(null);
  const [queue, setQueue] = useState<QueueItem[]>(() => loadQueue());
  const queueRef = useRef<QueueItem[]>(queue);
  const [shown, setShown] = useState<Shown | null>(null);
  const [offline, setOffline] = useState(false);
  const [walkIn, setWalkIn] = useState<SampleItem | null | 'blank'>(null);
  const [registeredCode, setRegisteredCode] = useState<string | null>(null);
  const scanRef = useRef<InputRef>(null);
  const busy = useRef(false);
  const [form] = Form.useForm();

  useEffect(
    () =>
      void Promise.all([testingApi.sites(), testingApi.postings()]).then(([r, p]) => {
        setSites(r.items);
        setSite((s) => s ?? p.samplingSites[0] ?? r.items[0]?.code);
      }),
    [],
  );
  useEffect(() => {
    if (!round || !site) return;
    fillRef.current = loadFill(round.id, site, round.poolSize);
    setFill(fillRef.current);
  }, [round, site]);

  const commitQueue = useCallback((next: QueueItem[]) => {
    queueRef.current = saveQueue(next);
    setQueue(queueRef.current);
  }, []);
  const commitFill = useCallback(
    (next: FillState) => {
      if (!round || !site) return;
      fillRef.current = next;
      localStorage.setItem(fillKey(round.id, site), JSON.stringify(next));
      setFill(next);
    },
    [round, site],
  );
  const tell = useCallback((level: Level, text: string) => {
    setShown({ level, text });
    beep(level);
  }, []);
  const focusScan = () => setTimeout(() => scanRef.current?.focus(), 0);

  /** Queue the effects of a step (before the beep: a reload now loses nothing), then show its feedback. */
  const apply = (step: Step) => {
    if (!round || !site) return;
    commitFill(step.state);
    const at = new Date().toISOString();
    const items: QueueItem[] = step.effects.map((e: Effect) =>
      e.type === 'sample'
        ? {
            kind: 'sample',
            clientId: newClientId(),
            state: 'queued',
            at,
            roundId: round.id,
            siteCode: site,
            tube: e.tube,
            person: e.person,
            masked: maskScan(e.person),
          }
        : { kind: 'seal', clientId: newClientId(), state: 'queued', at, tube: e.tube },
    );
    if (items.length) commitQueue([...queueRef.current, ...items]);
    tell(step.feedback.level, t(`testing.scan.fb.${step.feedback.key}`, step.feedback.params));
  };

  // Controlled (antd's Input keeps its own state, so clearing the DOM value alone would not stick);
  // Enter reads the DOM value, which holds every character the scanner typed before it.
  const [text, setText] = useState('');
  const onEnter = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    const raw = e.currentTarget.value;
    setText('');
    if (!raw.trim() || !fillRef.current) return;
    apply(onScan(fillRef.current, classifyScan(raw)));
  };

  /** Send the next run of the queue; network trouble keeps it for later (offline), a refusal marks the rows. */
  const upload = useCallback(async () => {
    if (busy.current) return;
    const run = nextUpload(queueRef.current);
    if (!run.length) return;
    busy.current = true;
    try {
      const first = run[0] as QueueItem;
      if (first.kind === 'sample') {
        const samples = run as SampleItem[];
        const r = await post<IngestResultWire>('/testing/samples', {
          samples: samples.map((s) => ({
            roundId: s.roundId,
            siteCode: s.siteCode,
            tubeBarcode: s.tube,
            collectedAt: s.at,
            clientId: s.clientId,
            ...(s.person?.kind === 'resident_code' ? { residentCode: s.person.value } : { idNumber: s.person?.value }),
          })),
        });
        const next = applyIngest(queueRef.current, samples, r);
        commitQueue(next);
        for (const x of r.rejected) {
          const s = samples[x.row - 1];
          if (!s?.person) continue;
          if (fillRef.current && round && s.roundId === round.id && s.siteCode === site) commitFill(onRefused(fillRef.current, s.tube, s.person));
          tell(
            'error',
            x.code === 'not_registered' ? t('testing.scan.fb.notRegistered', { who: s.masked }) : `${s.masked}: ${t(`testing.scan.row.${x.column}`)}`,
          );
        }
      } else if (first.kind === 'seal') {
        await post(`/testing/tubes/${encodeURIComponent(first.tube)}/seal`);
        commitQueue(queueRef.current.map((i) => (i.clientId === first.clientId ? { ...i, state: 'sent' } : i)));
      } else if (first.body) {
        const r = await post<WalkInResult>('/testing/samples/walk-in', first.body);
        commitQueue(queueRef.current.map((i) => (i.clientId === first.clientId ? { ...i, state: 'sent', residentCode: r.residentCode } : i)));
        setRegisteredCode(r.residentCode);
        tell('ok', t('testing.scan.fb.registered', { who: r.idNumberMasked }));
      }
      setOffline(false);
    } catch (e) {
      if (e instanceof ApiError && e.status < 500 && e.status !== 401) {
        const ids = new Set(run.map((i) => i.clientId));
        const reason = errorText(e);
        commitQueue(queueRef.current.map((i) => (ids.has(i.clientId) ? { ...i, state: 'error', message: reason } : i)));
        tell('error', `${t(`testing.scan.row.${run[0]?.kind === 'walkIn' ? 'walkIn' : 'seal'}`)}: ${reason}`);
      } else setOffline(true); // network or server trouble: keep everything and try again
    } finally {
      busy.current = false;
    }
  }, [commitFill, commitQueue, errorText, round, site, t, tell]);

  useEffect(() => {
    const timer = setInterval(() => void upload(), 700);
    const online = () => void upload();
    window.addEventListener('online', online);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', online);
    };
  }, [upload]);

  const lastNotFound = () =>
    [...queueRef.current].reverse().find((i): i is SampleItem => i.kind === 'sample' && i.code === 'not_registered' && i.person?.kind === 'id_number') ?? null;
  const openWalkIn = useCallback(() => {
    const item = lastNotFound();
    const siteArea = sites.find((s) => s.code === site)?.areaCode;
    form.resetFields();
    form.setFieldsValue({ idNumber: item?.person?.value ?? '', areaCode: siteArea });
    setWalkIn(item ?? 'blank');
  }, [form, site, sites]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2') {
        e.preventDefault();
        openWalkIn();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openWalkIn]);

  const submitWalkIn = async () => {
    const v = (await form.validateFields()) as { idNumber: string; name: string; phone?: string; areaCode: string; address?: string };
    if (!round || !site || !fillRef.current) return;
    const from = walkIn === 'blank' ? null : walkIn;
    const tube = from?.tube ?? fillRef.current.current?.barcode;
    if (!tube) return tell('error', t('testing.scan.fb.noTube'));
    const person: PersonScan = { kind: 'id_number', value: v.idNumber.trim().toUpperCase() };
    const at = from?.at ?? new Date().toISOString();
    const clientId = newClientId();
    const item: QueueItem = {
      kind: 'walkIn',
      clientId,
      state: 'queued',
      at: new Date().toISOString(),
      tube,
      masked: maskScan(person),
      body: { roundId: round.id, siteCode: site, tubeBarcode: tube, collectedAt: at, clientId, person: { ...v, idNumber: person.value } },
    };
    // The refused scan is settled by this registration: F2 no longer points at it.
    commitQueue([...queueRef.current.map((i) => (from && i.clientId === from.clientId ? { ...i, code: 'walk_in' } : i)), item]);
    commitFill(onWalkInAccepted(fillRef.current, tube, person));
    setWalkIn(null);
    focusScan();
  };

  if (!round) return <Alert type="info" message={t('testing.round')} />;
  const pending = queue.filter((i) => i.state === 'queued').length;
  const cur = fill?.current;
  const colour = COLOURS[shown?.level ?? 'ok'];
  return (
    <Card size="small" style={{ maxWidth: 560 }} onClick={(e) => (e.target as HTMLElement).tagName !== 'INPUT' && focusScan()}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text strong>
          {round.name} · {round.poolSize}合1
        </Typography.Text>
        <Alert type="info" showIcon message={t('testing.scan.order')} data-testid="scan-order" />
        <Select
          value={site}
          onChange={setSite}
          options={sites.map((s) => ({ value: s.code, label: `${s.code} ${s.name}` }))}
          style={{ width: '100%' }}
          placeholder={t('testing.site')}
          data-testid="sampling-site"
        />
        <div
          data-testid="scan-feedback"
          data-level={shown?.level ?? ''}
          style={{ background: colour.bg, border: `2px solid ${colour.border}`, borderRadius: 6, padding: '10px 12px', fontSize: 18, minHeight: 52 }}
        >
          {shown?.text ?? t('testing.scan.order')}
        </div>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="tube-counter">
            {cur ? `${t('testing.scan.tube')} ${cur.barcode} · ${cur.members.length}/${round.poolSize}` : t('testing.scan.noTube')}
          </Typography.Title>
          <Button danger disabled={!cur || cur.members.length === 0} onClick={() => fill && apply(closeTube(fill))} data-testid="close-tube">
            {t('testing.scan.closeTube')}
          </Button>
        </Space>
        <Space wrap>
          {fill && fill.waiting.length > 0 && (
            <Tag color="orange" data-testid="waiting">
              {t('testing.scan.waiting', { n: fill.waiting.length })}
            </Tag>
          )}
          <Tag color={pending ? 'blue' : 'green'} data-testid="queue-count" data-count={pending}>
            {t('testing.scan.queue', { n: pending })}
          </Tag>
          {offline && (
            <Tag color="red" data-testid="offline">
              {t('testing.scan.offline')}
            </Tag>
          )}
        </Space>
        {fill && openShortTubes(fill).length > 0 && (
          <Alert
            type="warning"
            message={t('testing.scan.shortTubes')}
            description={openShortTubes(fill).map((x) => (
              <Space key={x.barcode} style={{ marginRight: 12 }}>
                {x.barcode} {x.count}/{round.poolSize}
                <Button size="small" onClick={() => apply(closeTube(fill, x.barcode))}>
                  {t('testing.scan.close')}
                </Button>
              </Space>
            ))}
          />
        )}
        <Input
          ref={scanRef}
          size="large"
          autoFocus
          value={text}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={onEnter}
          placeholder={t('testing.scan.input')}
          data-testid="scan"
          autoComplete="off"
        />
        <Button onClick={openWalkIn} data-testid="walk-in-open">
          {t('testing.scan.walkIn')}
        </Button>
        <List
          size="small"
          dataSource={[...queue].reverse().slice(0, 60)}
          data-testid="scan-list"
          renderItem={(s) => (
            <List.Item data-state={s.state}>
              <span>{s.kind === 'seal' ? `${s.tube} ⊘` : `${s.tube} · ${s.masked}${s.kind === 'walkIn' ? ' ✚' : ''}`}</span>
              <Tag color={settledByWalkIn(s) ? 'default' : s.state === 'sent' ? 'green' : s.state === 'warn' ? 'orange' : s.state === 'error' ? 'red' : 'blue'}>
                {s.state === 'error' && s.kind === 'sample' && s.message
                  ? t(`testing.scan.row.${s.code === 'not_registered' || s.code === 'walk_in' ? s.code : s.message}`)
                  : s.state === 'warn'
                    ? t('testing.scan.row.already_sampled')
                    : t(`testing.scan.status.${s.state}`)}
              </Tag>
            </List.Item>
          )}
        />
      </Space>
      <Modal
        open={walkIn !== null}
        title={t('testing.scan.walkInTitle')}
        okText={t('testing.scan.register')}
        onOk={() => void submitWalkIn()}
        onCancel={() => {
          setWalkIn(null);
          focusScan();
        }}
        okButtonProps={{ 'data-testid': 'walk-in-submit' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="idNumber" label={t('testing.scan.idNumber')} rules={[{ required: true, pattern: /^\d{17}[\dXx]$/ }]}>
            <Input data-testid="walk-in-id" />
          </Form.Item>
          <Form.Item name="name" label={t('testing.scan.name')} rules={[{ required: true, max: 50 }]}>
            <Input data-testid="walk-in-name" autoFocus />
          </Form.Item>
          <Form.Item name="phone" label={t('testing.scan.phone')} rules={[{ pattern: /^1[3-9]\d{9}$/ }]}>
            <Input data-testid="walk-in-phone" />
          </Form.Item>
          <Form.Item name="areaCode" label={t('testing.scan.areaCode')} extra={t('testing.scan.areaHint')} rules={[{ required: true, pattern: /^\d{6,18}$/ }]}>
            <Input data-testid="walk-in-area" />
          </Form.Item>
          <Form.Item name="address" label={t('testing.scan.address')} rules={[{ max: 200 }]}>
            <Input data-testid="walk-in-address" onPressEnter={() => void submitWalkIn()} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={registeredCode !== null} footer={null} onCancel={() => setRegisteredCode(null)} title={t('testing.scan.residentCode')}>
        {registeredCode && <QRCode value={registeredCode} data-testid="resident-qr" />}
      </Modal>
    </Card>
  );
}

/** A refused scan of someone not in the registry, since registered on the spot (the ✚ row below it holds their sample). */
const settledByWalkIn = (s: QueueItem): boolean => s.kind === 'sample' && s.code === 'walk_in';

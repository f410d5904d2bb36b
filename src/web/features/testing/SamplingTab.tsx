import { Alert, Card, Input, List, Select, Space, Tag, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import { testingApi, type Round } from './api';

interface Scan {
  idNumber: string;
  tubeBarcode: string;
  collectedAt: string;
  state: 'queued' | 'sent' | 'error';
  message?: string;
}

/**
 * The phone page at a sampling site. A hand scanner "types" a code and Enter: scan the person,
 * then the tube. Scans go into a local queue that is uploaded in batches, so a fast scanner or a
 * slow network never loses one; the same tube + person is idempotent on the server.
 */
export function SamplingTab({ round }: { round: Round | null }) {
  const { t } = useTranslation();
  const [site, setSite] = useState<string | undefined>();
  const [sites, setSites] = useState<Array<{ code: string; name: string }>>([]);
  const [person, setPerson] = useState('');
  const [tube, setTube] = useState(() => localStorage.getItem('epigrid.lastTube') ?? '');
  const [scans, setScans] = useState<Scan[]>([]);
  const queue = useRef<Scan[]>([]);
  const personRef = useRef<InputRef>(null);
  const tubeRef = useRef<InputRef>(null);
  // Staff posted to a site sample there; an official picks one of the sites in their area.
  useEffect(
    () =>
      void Promise.all([testingApi.sites(), testingApi.postings()]).then(([r, p]) => {
        setSites(r.items);
        setSite((s) => s ?? p.samplingSites[0] ?? r.items[0]?.code);
      }),
    [],
  );

  useEffect(() => {
    const timer = setInterval(() => {
      const batch = queue.current.splice(0, 500);
      if (!batch.length || !round || !site) return;
      post<{ rejected: Array<{ row: number; reason: string }> }>('/testing/samples', {
        samples: batch.map((s) => ({ roundId: round.id, siteCode: site, idNumber: s.idNumber, tubeBarcode: s.tubeBarcode, collectedAt: s.collectedAt })),
      })
        .then((r) => {
          const bad = new Map(r.rejected.map((x) => [x.row - 1, x.reason]));
          batch.forEach((s, i) => Object.assign(s, bad.has(i) ? { state: 'error', message: bad.get(i) } : { state: 'sent' }));
          setScans((prev) => [...prev]);
        })
        .catch(() => queue.current.unshift(...batch)); // network trouble: keep them and retry
    }, 1000);
    return () => clearInterval(timer);
  }, [round, site]);

  const addScan = () => {
    if (!person.trim() || !tube.trim()) return;
    const s: Scan = { idNumber: person.trim().toUpperCase(), tubeBarcode: tube.trim(), collectedAt: new Date().toISOString(), state: 'queued' };
    queue.current.push(s);
    setScans((prev) => [s, ...prev].slice(0, 200));
    setPerson('');
    localStorage.setItem('epigrid.lastTube', tube.trim());
    personRef.current?.focus();
  };

  if (!round) return <Alert type="info" message={t('testing.round')} />;
  return (
    <Card size="small" style={{ maxWidth: 520 }}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text strong>
          {round.name} · {round.poolSize}合1
        </Typography.Text>
        <Select
          value={site}
          onChange={setSite}
          options={sites.map((s) => ({ value: s.code, label: `${s.code} ${s.name}` }))}
          style={{ width: '100%' }}
          placeholder={t('testing.site')}
          data-testid="sampling-site"
        />
        <Input
          ref={tubeRef}
          size="large"
          value={tube}
          onChange={(e) => setTube(e.target.value)}
          onPressEnter={() => personRef.current?.focus()}
          placeholder={t('testing.scanTube')}
          data-testid="scan-tube"
        />
        <Input
          ref={personRef}
          size="large"
          autoFocus
          value={person}
          onChange={(e) => setPerson(e.target.value)}
          onPressEnter={addScan}
          placeholder={t('testing.scanPerson')}
          data-testid="scan-person"
        />
        <List
          size="small"
          dataSource={scans}
          data-testid="scan-list"
          renderItem={(s) => (
            <List.Item>
              <span>
                {s.tubeBarcode} · {s.idNumber.slice(0, 4)}**********{s.idNumber.slice(-4)}
              </span>
              <Tag color={s.state === 'sent' ? 'green' : s.state === 'error' ? 'red' : 'blue'}>{s.state === 'error' ? s.message : t(`testing.${s.state}`)}</Tag>
            </List.Item>
          )}
        />
      </Space>
    </Card>
  );
}

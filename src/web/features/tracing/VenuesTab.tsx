import { App, Button, Card, Form, Input, Space, Table } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFail, useRowReason } from '../../lib/errors';
import { useAuth } from '../../app/auth';
import { FileUpload, type RowError } from '../../components/FileUpload';
import type { PersonBacktrace, UnmatchedScan, VenueBacktrace } from '../../../contract/tracing';
import { tracingApi, fmtTime } from './api';

/** A row of either back-trace: a visitor of the venue, or a stop of the person. */
type BacktraceRow = VenueBacktrace['items'][number] | PersonBacktrace['items'][number];

/** Venue and check-in uploads, unmatched scans, and rapid back-tracing (倒查). */
export function VenuesTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const fail = useFail();
  const words = useRowReason();
  const [rows, setRows] = useState<BacktraceRow[]>([]);
  // A venue back-trace lists visitors of my area; those living elsewhere are a count, handed off on request.
  const [elsewhere, setElsewhere] = useState<{ n: number; venueCode: string; from: string; to: string } | null>(null);
  const [unmatched, setUnmatched] = useState<UnmatchedScan[]>([]);
  useEffect(() => void tracingApi.unmatched().then((r) => setUnmatched(r.items)), []);
  const search = (v: { venueCode?: string; idNumber?: string; from: string; to: string }) => {
    const from = new Date(v.from).toISOString();
    const to = new Date(v.to).toISOString();
    void tracingApi.backtrace({ venueCode: v.venueCode || undefined, idNumber: v.idNumber || undefined, from, to }).then(
      (r) => {
        setRows(r.items);
        setElsewhere(v.venueCode && 'elsewhere' in r && r.elsewhere ? { n: r.elsewhere, venueCode: v.venueCode, from, to } : null);
      },
      (e: unknown) => void fail(e),
    );
  };
  const handOff = (e: { venueCode: string; from: string; to: string }) =>
    void tracingApi.handOffVisitors(e).then(
      (r) => void message.success(t('tracing.handedOff', { n: r.handedOff })),
      (err: unknown) => void fail(err),
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('tracing:write') && (
        <Space wrap align="start">
          <Card size="small" title={t('tracing.uploadVenues')}>
            <FileUpload<{ rejected: RowError[] }> url="/tracing/venues/import" errorsOf={(r) => r.rejected} />
          </Card>
          <Card size="small" title={t('tracing.uploadCheckins')}>
            <FileUpload<{ rejected: RowError[] }>
              url="/tracing/checkins/import"
              errorsOf={(r) => r.rejected}
              onDone={() => void tracingApi.unmatched().then((r) => setUnmatched(r.items))}
            />
          </Card>
        </Space>
      )}
      <Card size="small" title={t('tracing.backtrace')}>
        <Form layout="inline" onFinish={search}>
          <Form.Item name="venueCode">
            <Input placeholder={t('tracing.venueCode')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="idNumber">
            <Input placeholder={t('tracing.idNumber')} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="from" rules={[{ required: true }]}>
            <Input type="datetime-local" aria-label={t('tracing.from')} />
          </Form.Item>
          <Form.Item name="to" rules={[{ required: true }]}>
            <Input type="datetime-local" aria-label={t('tracing.to')} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('tracing.search')}
          </Button>
        </Form>
        {elsewhere && (
          <Space style={{ marginTop: 12 }}>
            <span>{t('tracing.visitorsElsewhere', { n: elsewhere.n })}</span>
            {can('tracing:write') && (
              <Button size="small" onClick={() => handOff(elsewhere)}>
                {t('tracing.handOffVisitors')}
              </Button>
            )}
          </Space>
        )}
        <Table
          rowKey={(r) => `${r.scannedAt}${'personId' in r ? r.personId : r.venueCode}`}
          size="small"
          dataSource={rows}
          pagination={{ pageSize: 50 }}
          style={{ marginTop: 12 }}
          columns={[
            { title: t('tracing.person'), render: (_, r) => ('name' in r ? `${r.name} ${r.idNumberMasked}` : r.venueName) },
            { title: t('tracing.venueCode'), dataIndex: 'venueCode' },
            { title: t('tracing.scannedAt'), dataIndex: 'scannedAt', render: (v: string) => fmtTime(v) },
            { title: t('tracing.others'), dataIndex: 'othersWithinMargin' },
            { title: t('tracing.nextVenue'), dataIndex: 'nextVenue' },
          ]}
        />
      </Card>
      <Card size="small" title={t('tracing.unmatched')}>
        <Table
          rowKey="id"
          size="small"
          dataSource={unmatched}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('tracing.idNumber'), dataIndex: 'idNumberMasked' },
            { title: t('tracing.venueCode'), dataIndex: 'venueCode' },
            { title: t('tracing.scannedAt'), dataIndex: 'scannedAt', render: (v: string) => fmtTime(v) },
            { title: t('tracing.reason'), dataIndex: 'reason', render: (v: 'unknown_person' | 'unknown_venue') => words.reason({ reasonCode: v }) },
          ]}
        />
      </Card>
      <Button type="link" href="/api/docs" target="_blank">
        API
      </Button>
    </Space>
  );
}

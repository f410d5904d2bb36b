import { App, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFail } from '../../lib/errors';
import { dateInZone } from '../../lib/format';
import { useAuth } from '../../app/auth';
import { Countdown } from '../../components/Countdown';
import type { CaseCandidate, CaseListItem, NewCaseBody } from '../../../contract/tracing';
import { tracingApi, fmtTime } from './api';
import { CaseDrawer } from './CaseDrawer';

type NewCaseForm = {
  idNumber: string;
  type: 'confirmed' | 'asymptomatic';
  onset?: { format: (f: string) => string };
  sampling?: { format: (f: string) => string };
  foundBy?: NewCaseBody['foundBy'];
};

/** Case list with the 24-hour clock, case candidates from testing, and the new-case form. */
export function CasesTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const fail = useFail();
  const [items, setItems] = useState<CaseListItem[]>([]);
  const [candidates, setCandidates] = useState<CaseCandidate[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const load = () => {
    void tracingApi.cases().then((r) => setItems(r.items));
    void tracingApi.caseCandidates().then((r) => setCandidates(r.items));
  };
  useEffect(load, []);
  const create = (v: NewCaseForm & { personId?: string }) =>
    tracingApi
      .createCase({
        idNumber: v.idNumber || undefined,
        personId: v.personId,
        type: v.type,
        foundBy: v.foundBy,
        onsetDate: v.onset?.format('YYYY-MM-DD'),
        samplingDate: v.sampling?.format('YYYY-MM-DD'),
      })
      .then((c) => {
        void message.success(c.code);
        load();
        setOpen(c.id);
      })
      .catch(fail);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('tracing:write') && (
        <Card size="small" title={t('tracing.newCase')}>
          <Form layout="inline" onFinish={create} initialValues={{ type: 'confirmed' }}>
            <Form.Item name="idNumber" label={t('tracing.idNumber')} rules={[{ required: true }]}>
              <Input style={{ width: 200 }} autoComplete="off" />
            </Form.Item>
            <Form.Item name="type" label={t('tracing.type')}>
              <Select style={{ width: 140 }} options={['confirmed', 'asymptomatic'].map((v) => ({ value: v, label: t(`tracing.types.${v}`) }))} />
            </Form.Item>
            <Form.Item name="onset" label={t('tracing.onset')}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="sampling" label={t('tracing.sampling')}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="foundBy" label={t('tracing.foundBy')}>
              <Select
                allowClear
                style={{ width: 150 }}
                options={['screening', 'fever_clinic', 'contact_management', 'arrival_test', 'self_report'].map((v) => ({
                  value: v,
                  label: t(`tracing.found.${v}`),
                }))}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('tracing.newCase')}
            </Button>
          </Form>
        </Card>
      )}
      {candidates.length > 0 && (
        <Card size="small" title={t('tracing.candidatesFromTesting')}>
          <Table
            rowKey="personId"
            size="small"
            pagination={false}
            dataSource={candidates}
            columns={[
              { title: t('tracing.person'), render: (_, r) => `${r.name} ${r.idNumberMasked}` },
              { title: t('tracing.reported'), dataIndex: 'since', render: fmtTime },
              {
                title: '',
                key: 'a',
                render: (_, r) =>
                  can('tracing:write') && (
                    <Button
                      size="small"
                      onClick={() =>
                        void create({
                          idNumber: '',
                          personId: r.personId,
                          type: 'confirmed',
                          foundBy: 'screening',
                          sampling: { format: () => dateInZone() },
                        })
                      }
                    >
                      {t('tracing.report')}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      )}
      <Table<CaseListItem>
        rowKey="id"
        size="small"
        dataSource={items}
        pagination={{ pageSize: 50 }}
        scroll={{ x: true }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('tracing.code'), dataIndex: 'code' },
          { title: t('tracing.person'), render: (_, r) => `${r.name} ${r.idNumberMasked}` },
          {
            title: t('tracing.type'),
            dataIndex: 'type',
            render: (v: string) => <Tag color={v === 'confirmed' ? 'red' : 'orange'}>{t(`tracing.types.${v}`)}</Tag>,
          },
          { title: t('tracing.foundBy'), dataIndex: 'foundBy', render: (v: string) => t(`tracing.found.${v}`) },
          {
            title: t('tracing.insideControl'),
            dataIndex: 'insideControl',
            render: (v: boolean) => <Tag color={v ? 'green' : 'volcano'}>{v ? t('tracing.inside') : t('tracing.outside')}</Tag>,
          },
          { title: t('tracing.reported'), dataIndex: 'reportedAt', render: fmtTime },
          { title: t('tracing.clock24'), key: 'clock', render: (_, r) => <Countdown deadline={r.clock.due} done={r.clock.done} /> },
          { title: t('tracing.contacts'), key: 'n', render: (_, r) => `${r.contacts.confirmed} / ${r.contacts.candidates}` },
        ]}
      />
      {open && (
        <CaseDrawer
          caseId={open}
          onClose={() => {
            setOpen(null);
            load();
          }}
        />
      )}
    </Space>
  );
}

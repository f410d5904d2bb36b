import { Alert, App, Button, Card, Empty, Form, InputNumber, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CountResult, Sentinel } from '../../../contract/surveillance';
import { get, post } from '../../api/client';
import { useFail, useRowReason } from '../../lib/errors';
import './strings';

/** The phone page (哨点日报): one screen, today's date, the sentinel's indicators as numbers, submit. */
export default function PhoneReportPage() {
  const { t } = useTranslation();
  // antd's static `message` does not render under React 19: the App context's does.
  const { message } = App.useApp();
  const fail = useFail();
  const words = useRowReason();
  const [done, setDone] = useState<number | null>(null);
  const [mine, setMine] = useState<{ today: string; items: Sentinel[] } | null>(null);
  const [code, setCode] = useState<string>();
  const [form] = Form.useForm<Record<string, number>>();
  useEffect(() => {
    void get<{ today: string; items: Sentinel[] }>('/surveillance/my-sentinels').then((r) => {
      setMine(r);
      setCode(r.items[0]?.code);
    });
  }, []);
  const sentinel = mine?.items.find((s) => s.code === code);
  const submit = async (values: Record<string, number | null>) => {
    const counts = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined)) as Record<string, number>;
    setDone(null);
    const r = await post<CountResult>('/surveillance/phone-report', { sentinelCode: code, counts }).catch((e: unknown) => void fail(e));
    if (!r) return;
    // Each refused count in the user's words: the indicator it was for (rows follow the counts sent), then the reason from its code.
    const sent = Object.keys(counts);
    const field = (e: (typeof r.errors)[number]) => {
      const indicator = e.column === 'count' || e.column === 'indicator' ? sent[e.row - 1] : undefined;
      return indicator ? t(`surv.ind.${indicator}`, { defaultValue: indicator }) : words.column(e.column);
    };
    if (r.errors.length)
      void message.error(r.errors.map((e) => t('errors.fieldReason', { field: field(e), reason: words.reason(e) })).join(t('errors.separator')));
    else setDone(r.accepted);
  };
  if (!mine) return null;
  if (!sentinel) return <Empty description={t('surv.noMine')} />;
  return (
    <Card style={{ maxWidth: 420, margin: '0 auto' }} title={t('surv.phoneTitle')}>
      <Typography.Paragraph data-testid="phone-today">{t('surv.phoneToday', { date: mine.today })}</Typography.Paragraph>
      {mine.items.length > 1 && (
        <Select
          style={{ width: '100%', marginBottom: 12 }}
          value={code}
          onChange={(v) => (setCode(v), setDone(null))}
          options={mine.items.map((s) => ({ value: s.code, label: s.name }))}
        />
      )}
      <Form form={form} layout="horizontal" labelCol={{ span: 10 }} onFinish={(v) => void submit(v)} key={sentinel.code}>
        {sentinel.indicators.map((ind) => (
          <Form.Item key={ind} name={ind} label={t(`surv.ind.${ind}`, { defaultValue: ind })} rules={[{ required: true }]}>
            <InputNumber min={0} precision={0} inputMode="numeric" style={{ width: '100%' }} aria-label={ind} />
          </Form.Item>
        ))}
        <Button type="primary" htmlType="submit" block size="large">
          {t('surv.submit')}
        </Button>
      </Form>
      {done !== null && <Alert style={{ marginTop: 12 }} type="success" showIcon message={t('surv.submitted', { n: done })} data-testid="phone-done" />}
    </Card>
  );
}

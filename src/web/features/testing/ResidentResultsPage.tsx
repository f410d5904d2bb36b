import { TranslationOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, List, QRCode, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { setLang } from '../../app/i18n';
import { fmtTime, setDisplayZone } from '../../lib/format';
import { testingApi, type OwnResults } from './api';
import { useErrorText } from '../../lib/errors';
import './ops-strings';

type Result = OwnResults['results'][number]['result'];
const colours: Record<Result, string> = { pending: 'blue', negative: 'green', positive: 'red', suspected: 'orange', recheck_pending: 'gold' };

/** What the API answered, and nothing more: the masked name, the 居民码 as a QR, the results. */
function Answer({ r, onAgain }: { r: OwnResults; onAgain: () => void }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="own-results">
      <Typography.Text>
        {t('testing.resident.name')}：<b data-testid="own-name">{r.name}</b>
      </Typography.Text>
      <Card size="small" title={t('testing.resident.myCode')} styles={{ body: { display: 'flex', justifyContent: 'center' } }}>
        <QRCode value={r.residentCode} size={180} data-testid="own-code" />
      </Card>
      <List
        bordered
        dataSource={r.results}
        locale={{ emptyText: t('testing.resident.noResults') }}
        renderItem={(x) => (
          <List.Item data-testid="own-result">
            <Space direction="vertical" size={0}>
              <Tag color={colours[x.result]} style={{ fontSize: 16, padding: '2px 8px' }}>
                {t(`testing.resident.results.${x.result}`)}
              </Tag>
              <Typography.Text type="secondary">
                {t('testing.resident.collectedAt')} {fmtTime(x.collectedAt)}
              </Typography.Text>
              {x.resultedAt && (
                <Typography.Text type="secondary">
                  {t('testing.resident.resultedAt')} {fmtTime(x.resultedAt)}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      <Button block onClick={onAgain}>
        {t('testing.resident.again')}
      </Button>
    </Space>
  );
}

/**
 * 核酸检测结果查询 (/results): a public page, no login — a resident asks for a one-time code to
 * their registered phone with their ID number, then reads their own results. Phone-sized.
 */
export default function ResidentResultsPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText('testingErrors');
  const [form] = Form.useForm<{ idNumber: string; code?: string }>();
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [answer, setAnswer] = useState<OwnResults | null>(null);
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const idNumber = () => String(form.getFieldValue('idNumber') ?? '').trim();
  const getCode = () =>
    void form.validateFields(['idNumber']).then(() =>
      run(async () => {
        await testingApi.requestCode(idNumber());
        setSent(true);
      }),
    );
  const lookUp = (v: { code?: string }) =>
    void run(async () => {
      const r = await testingApi.ownResults(idNumber(), String(v.code ?? '').trim());
      // Times in the command centre's zone, as on every staff page (no session here to give it).
      setDisplayZone(r.timeZone);
      setAnswer(r);
      form.setFieldValue('code', '');
    });
  const required = (field: string) => [{ required: true, message: t('testing.resident.required', { field }) }];
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', padding: 12, display: 'flex', justifyContent: 'center' }}>
      <Card
        style={{ width: 440, maxWidth: '100%' }}
        title={t('testing.resident.title')}
        extra={
          <Button type="link" icon={<TranslationOutlined />} onClick={() => setLang(i18n.language === 'zh' ? 'en' : 'zh')}>
            {t('header.language')}
          </Button>
        }
      >
        {answer ? (
          <Answer
            r={answer}
            onAgain={() => {
              setAnswer(null);
              setSent(false);
            }}
          />
        ) : (
          <Form form={form} layout="vertical" onFinish={lookUp} requiredMark={false}>
            <Typography.Paragraph type="secondary">{t('testing.resident.intro')}</Typography.Paragraph>
            <Form.Item name="idNumber" label={t('testing.resident.idNumber')} rules={required(t('testing.resident.idNumber'))}>
              <Input size="large" inputMode="text" autoComplete="off" maxLength={30} data-testid="resident-id" />
            </Form.Item>
            <Button block size="large" onClick={getCode} loading={busy && !sent} data-testid="resident-get-code">
              {t('testing.resident.getCode')}
            </Button>
            {sent && (
              <>
                <Alert type="info" showIcon message={t('testing.resident.codeSent')} style={{ margin: '12px 0' }} data-testid="resident-code-sent" />
                <Form.Item name="code" label={t('testing.resident.code')} rules={required(t('testing.resident.code'))}>
                  <Input size="large" inputMode="numeric" autoComplete="one-time-code" maxLength={8} data-testid="resident-code" />
                </Form.Item>
                <Button type="primary" block size="large" htmlType="submit" loading={busy} data-testid="resident-look-up">
                  {t('testing.resident.lookUp')}
                </Button>
              </>
            )}
            {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="resident-error" />}
          </Form>
        )}
      </Card>
    </div>
  );
}

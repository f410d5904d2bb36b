import { LockOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useErrorText } from '../lib/errors';
import { useAuth } from '../app/auth';
import { setLang } from '../app/i18n';
import { fmtAt, setDisplayZone } from '../lib/format';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (user) return <Navigate to={user.mustChangePassword ? '/password' : '/'} replace />;

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const u = await login(v.username, v.password);
      void navigate(u.mustChangePassword ? '/password' : '/');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'ACCOUNT_LOCKED') {
        // No session yet: the zone to show the unlock time in comes with the answer.
        if (typeof e.details.timeZone === 'string') setDisplayZone(e.details.timeZone);
        setError(t('login.locked', { until: fmtAt(String(e.details.lockedUntil), 'HH:mm') }));
      } else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(135deg,#7b1e1e,#c0392b)',
        padding: 16,
      }}
    >
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          {t('app.name')}
        </Typography.Title>
        <Form layout="vertical" onFinish={(v: { username: string; password: string }) => void submit(v)} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.required', { field: t('login.username') }) }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.required', { field: t('login.password') }) }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <Button type="link" icon={<TranslationOutlined />} onClick={() => setLang(i18n.language === 'zh' ? 'en' : 'zh')} style={{ marginTop: 8 }}>
          {t('header.language')}
        </Button>
      </Card>
    </div>
  );
}

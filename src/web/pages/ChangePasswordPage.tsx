import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router-dom';
import { post } from '../api/client';
import { useErrorText, useFieldErrors } from '../lib/errors';
import { useAuth } from '../app/auth';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { user, refresh } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const errorText = useErrorText();
  const fieldErrors = useFieldErrors();
  const [error, setError] = useState<string | null>(null);
  if (!user) return <Navigate to="/login" replace />;

  const submit = async (v: Values) => {
    setError(null);
    try {
      await post('/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      void message.success(t('password.done'));
      await refresh();
      void navigate('/');
    } catch (e) {
      const fields = fieldErrors(e);
      if (fields.length) form.setFields(fields.map((f) => ({ ...f, name: f.name as keyof Values })));
      else setError(errorText(e));
    }
  };

  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 32 }}>
      <Card style={{ width: 420, maxWidth: '100%' }}>
        <Typography.Title level={4}>{t('password.title')}</Typography.Title>
        {user.mustChangePassword && <Alert type="warning" showIcon message={t('password.mustChange')} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="newPassword" label={t('password.next')} rules={[{ required: true, min: 10 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {error && <Alert type="error" message={error} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" block>
            {t('password.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

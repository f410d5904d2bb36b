import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../../api/client';
import { ROLES } from './UserForm';

interface Token {
  id: string;
  name: string;
  role: string;
  scope: string[];
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** API tokens for machine clients; a new token is shown once. */
export default function TokensPage() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [items, setItems] = useState<Token[]>([]);
  const [fresh, setFresh] = useState<string | null>(null);
  const load = () => void get<{ items: Token[] }>('/tokens').then((r) => setItems(r.items));
  useEffect(load, []);

  const create = async (v: { name: string; role: string; scope: string[] }) => {
    const r = await post<{ id: string; token: string }>('/tokens', v);
    setFresh(r.token);
    load();
  };

  return (
    <Card title={t('tokens.title')}>
      <Typography.Paragraph type="secondary">{t('tokens.help')}</Typography.Paragraph>
      <Form
        layout="inline"
        onFinish={(v: { name: string; role: string; scope: string[] }) => void create(v)}
        initialValues={{ role: 'lab', scope: [] }}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="name" rules={[{ required: true }]}>
          <Input placeholder={t('tokens.name')} />
        </Form.Item>
        <Form.Item name="role">
          <Select style={{ width: 160 }} options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
        <Form.Item name="scope" rules={[{ required: true, type: 'array', min: 1 }]}>
          <Select mode="tags" style={{ width: 220 }} placeholder={t('users.scope')} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.create')}
        </Button>
      </Form>
      {fresh && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('tokens.created')}
          description={
            <Typography.Text copyable code>
              {fresh}
            </Typography.Text>
          }
          closable
          onClose={() => setFresh(null)}
        />
      )}
      <Table<Token>
        rowKey="id"
        size="small"
        dataSource={items}
        pagination={false}
        columns={[
          { title: t('tokens.name'), dataIndex: 'name' },
          { title: t('users.role'), dataIndex: 'role', render: (r: string) => t(`roles.${r}`) },
          { title: t('users.scope'), dataIndex: 'scope', render: (s: string[]) => s.map((c) => <Tag key={c}>{c}</Tag>) },
          { title: t('users.createdAt'), dataIndex: 'createdAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm') },
          { title: t('tokens.lastUsed'), dataIndex: 'lastUsedAt', render: (d: string | null) => (d ? dayjs(d).format('YYYY-MM-DD HH:mm') : '—') },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, tok) =>
              tok.revokedAt ? (
                <Tag>{t('tokens.revoked')}</Tag>
              ) : (
                <Space>
                  <Button
                    size="small"
                    danger
                    onClick={() => modal.confirm({ title: `${t('common.revoke')} ${tok.name}?`, onOk: () => del(`/tokens/${tok.id}`).then(load) })}
                  >
                    {t('common.revoke')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
